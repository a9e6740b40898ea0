namespace Steadfast.Engine.Storage;

/// <summary>A synced app as stored: where it lives and the function configurations of its last successful sync.</summary>
public sealed record StoredApp
{
    /// <summary>The app id (the SDK's <c>appName</c>).</summary>
    public required string AppId { get; init; }

    /// <summary>The normalized serve URL.</summary>
    public required string Url { get; init; }

    /// <summary>The SDK, e.g. <c>js:v4.24.0</c>.</summary>
    public string Sdk { get; init; } = "";

    /// <summary>The framework adapter, e.g. <c>express</c>.</summary>
    public string Framework { get; init; } = "";

    /// <summary>The checksum of the last successful sync (unchanged syncs are not re-applied).</summary>
    public required string Checksum { get; init; }

    /// <summary>The function configurations as a JSON array (the sync body's <c>functions</c>, URLs normalized).</summary>
    public required string FunctionsJson { get; init; }

    /// <summary>When it was last synced, unix ms.</summary>
    public long SyncedAt { get; init; }
}
