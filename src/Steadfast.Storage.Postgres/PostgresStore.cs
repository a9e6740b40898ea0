using Npgsql;
using Steadfast.Engine;
using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Postgres;

/// <summary>
/// The shared store: several engine nodes on one PostgreSQL database. Claims take due items with
/// <c>FOR UPDATE SKIP LOCKED</c> and lease them (the due time becomes the lease expiry), so a dead node's items come
/// back by themselves when their leases expire; nothing is released at start-up, since other nodes may be alive.
/// Writes are grouped into shared transactions (group commit); commits that make work due send a NOTIFY that the
/// other nodes' listeners turn into a local wake-up.
/// </summary>
public sealed partial class PostgresStore : IEngineStore
{
    private readonly PostgresStoreOptions _options;
    private readonly IWorkSignal? _signal;
    private readonly NpgsqlDataSource _dataSource;
    private PostgresWriter? _writer;
    private PostgresBatchReader<RunState>? _runStates;
    private PostgresWakeListener? _listener;

    /// <summary>Creates the store; call <see cref="InitializeAsync"/> before use.</summary>
    /// <param name="options">Connection and tuning.</param>
    /// <param name="signal">Signalled when another node commits due work (LISTEN/NOTIFY); optional.</param>
    public PostgresStore(PostgresStoreOptions options, IWorkSignal? signal = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _signal = signal;
        var builder = new NpgsqlConnectionStringBuilder(ToConnectionString(options.ConnectionString))
        {
            SearchPath = options.Schema,
            IncludeFailedBatchedCommand = true,

            // Nothing here changes session state (no SET, no session advisory locks, no temp tables), so the five
            // statements Npgsql runs to reset a connection each time it returns to the pool are pure cost (~6 per run).
            NoResetOnClose = true,
        };

        // JIT compilation pays off for long analytical queries, never here: the claim's cost estimate (a wide LIMIT over
        // correlated subqueries) passes jit_above_cost and every claim spent 50–200 ms compiling and optimizing.
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c jit=off" : builder.Options + " -c jit=off";

        // The same few dozen statements run all the time: prepare them once per connection instead of parsing and
        // planning each execution (Npgsql's automatic preparation).
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        if (builder.MaxPoolSize < options.WriterConnections + 16)
        {
            builder.MaxPoolSize = options.WriterConnections + 16;
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>Number of group commits so far.</summary>
    public long Commits => _writer?.Commits ?? 0;

    /// <summary>Number of writes committed so far.</summary>
    public long Writes => _writer?.Writes ?? 0;

    /// <summary>Statements that loaded run states so far (loads are coalesced, see <see cref="PostgresBatchReader{TResult}"/>).</summary>
    internal long RunStateReads => _runStates?.Reads ?? 0;

    /// <summary>The NOTIFY channel of this schema.</summary>
    internal string NotifyChannel => "steadfast_" + _options.Schema;

    private PostgresWriter Writer => _writer ?? throw new InvalidOperationException("PostgresStore.InitializeAsync has not been called.");

    /// <summary>Host, port and database of a connection string or URI, without credentials (for start-up banners).</summary>
    public static string Describe(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(ToConnectionString(connectionString));
        return $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
    }

    /// <summary>Accepts a <c>postgres://user:password@host:port/database?k=v</c> URI or an Npgsql connection string.</summary>
    internal static string ToConnectionString(string value)
    {
        if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        var uri = new Uri(value);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0)
        {
            builder.Database = Uri.UnescapeDataString(database);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var val = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            builder[key switch
            {
                "sslmode" => "SSL Mode",
                "application_name" => "Application Name",
                "connect_timeout" => "Timeout",
                _ => key,
            }] = val;
        }

        return builder.ConnectionString;
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        _writer = new PostgresWriter(_dataSource, _options.MaxGroupSize, _options.WriterConnections, NotifyChannel);
        _runStates = new PostgresBatchReader<RunState>(LoadRunStatesAsync, maxBatch: 256, lanes: 2);
        if (_options.Listen && _signal is not null)
        {
            _listener = new PostgresWakeListener(_dataSource, NotifyChannel, _signal);
            await _listener.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies missing migrations under a transaction-scoped advisory lock, so nodes starting together migrate once.
    /// </summary>
    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                await ExecAsync(connection, "SELECT pg_advisory_xact_lock(hashtext('steadfast-migrate:' || $1))", cancellationToken, _options.Schema).ConfigureAwait(false);
                await ExecAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {_options.Schema}", cancellationToken).ConfigureAwait(false);
                await ExecAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version(version int NOT NULL)", cancellationToken).ConfigureAwait(false);
                int version;
                using (var cmd = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection))
                {
                    version = Convert.ToInt32(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                }

                if (version > PostgresSchema.Migrations.Length)
                {
                    throw new InvalidOperationException($"The schema {_options.Schema} is at version {version}, newer than this Steadfast ({PostgresSchema.Migrations.Length}): upgrade this node.");
                }

                for (var i = version; i < PostgresSchema.Migrations.Length; i++)
                {
                    await ExecAsync(connection, PostgresSchema.Migrations[i], cancellationToken).ConfigureAwait(false);
                    await ExecAsync(connection, "DELETE FROM schema_version", cancellationToken).ConfigureAwait(false);
                    await ExecAsync(connection, "INSERT INTO schema_version(version) VALUES ($1)", cancellationToken, i + 1).ConfigureAwait(false);
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] args)
    {
        using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private NpgsqlCommand Read(string sql, params object?[] args)
    {
        var cmd = _dataSource.CreateCommand(sql);
        foreach (var arg in args)
        {
            cmd.Parameters.Add(PostgresWrite.Parameter(arg));
        }

        return cmd;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
            _listener = null;
        }

        if (_runStates is not null)
        {
            await _runStates.DisposeAsync().ConfigureAwait(false);
            _runStates = null;
        }

        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            _writer = null;
        }

        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
