namespace Steadfast.Storage.Postgres;

/// <summary>Options of the PostgreSQL store.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>The Npgsql connection string (<c>Host=...;Username=...;Password=...;Database=...</c>) or a <c>postgres://</c> URI.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The schema holding Steadfast's tables; created when missing. Default <c>steadfast</c>.</summary>
    public string Schema { get; set; } = "steadfast";

    /// <summary>Most writes grouped into one transaction (group commit). Default 256.</summary>
    public int MaxGroupSize { get; set; } = 256;

    /// <summary>
    /// Connections committing groups in parallel. Default 1: one pipelined connection with large groups measured
    /// faster than several (bench/POSTGRES.md), because parallel groups of one node wait on each other's row locks.
    /// </summary>
    public int WriterConnections { get; set; } = 1;

    /// <summary>Listen for other nodes' NOTIFY wake-ups (polling remains the safety net). Default true.</summary>
    public bool Listen { get; set; } = true;

    /// <summary>Checks the options.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException("The PostgreSQL connection string is empty.");
        }

        if (string.IsNullOrEmpty(Schema) || !Schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_') || char.IsAsciiDigit(Schema[0]))
        {
            throw new InvalidOperationException($"The PostgreSQL schema '{Schema}' must be lower-case letters, digits and underscores, not starting with a digit.");
        }

        if (MaxGroupSize < 1 || WriterConnections < 1)
        {
            throw new InvalidOperationException("MaxGroupSize and WriterConnections must be at least 1.");
        }
    }
}
