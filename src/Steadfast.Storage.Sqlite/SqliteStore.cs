using Microsoft.Data.Sqlite;
using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, a single writer with group
/// commit, pooled readers. The file is owned by one process (an exclusive lock file), so leases held by a previous
/// process are released at start-up: that process is gone.
/// </summary>
public sealed partial class SqliteStore : IEngineStore
{
    private readonly SqliteStoreOptions _options;
    private readonly string _readConnectionString;
    private SqliteWriter? _writer;
    private FileStream? _lock;

    /// <summary>Creates the store; call <see cref="InitializeAsync"/> before use.</summary>
    public SqliteStore(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
        }.ToString();
    }

    /// <summary>Number of commits (groups) so far.</summary>
    public long Commits => _writer?.Commits ?? 0;

    /// <summary>Number of writes committed so far.</summary>
    public long Writes => _writer?.Writes ?? 0;

    private SqliteWriter Writer => _writer ?? throw new InvalidOperationException("SqliteStore.InitializeAsync has not been called.");

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var full = System.IO.Path.GetFullPath(_options.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        try
        {
            _lock = new FileStream(full + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"The database {full} is in use by another Steadfast process.", ex);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = $"""
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous={(_options.Synchronous == "NORMAL" ? "NORMAL" : "FULL")};
                PRAGMA busy_timeout=5000;
                PRAGMA cache_size=-65536;
                PRAGMA temp_store=MEMORY;
                """;
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _writer = new SqliteWriter(connection, _options.MaxGroupSize);
        await Writer.WriteAsync(w =>
        {
            var version = 0;
            using (var cmd = w.Connection.CreateCommand())
            {
                cmd.CommandText = "PRAGMA user_version";
                version = Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }

            for (var i = version; i < SqliteSchema.Migrations.Length; i++)
            {
                using var cmd = w.Connection.CreateCommand();
                cmd.CommandText = SqliteSchema.Migrations[i] + $"\nPRAGMA user_version={i + 1};";
                cmd.ExecuteNonQuery();
            }

            // The previous owner of this file is gone (we hold its lock): its leases are void.
            w.Command("UPDATE queue SET owner = NULL, due_at = 0 WHERE owner IS NOT NULL").ExecuteNonQuery();
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            _writer = null;
        }

        SqliteConnection.ClearAllPools();
        if (_lock is not null)
        {
            await _lock.DisposeAsync().ConfigureAwait(false);
            _lock = null;
        }
    }
}
