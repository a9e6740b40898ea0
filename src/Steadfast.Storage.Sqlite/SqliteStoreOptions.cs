namespace Steadfast.Storage.Sqlite;

/// <summary>Options of the SQLite store.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file path.</summary>
    public string Path { get; set; } = "steadfast.db";

    /// <summary>Most transitions grouped into one commit. Default 512.</summary>
    public int MaxGroupSize { get; set; } = 512;

    /// <summary>
    /// <c>synchronous</c> pragma: FULL (default) makes every commit durable through power loss; NORMAL is durable
    /// through process crashes only.
    /// </summary>
    public string Synchronous { get; set; } = "FULL";
}
