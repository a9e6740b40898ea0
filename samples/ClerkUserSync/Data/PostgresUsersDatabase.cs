using System.Data.Common;
using Dapper;
using Npgsql;

namespace ClerkUserSync.Data;

/// <summary>
/// The users database in PostgreSQL (<c>--users-db postgres://...</c>), in the first schema of the connection's search
/// path. Transactions run at READ COMMITTED; a read-decide-write is serialized by a transaction-level advisory lock on
/// its key (<see cref="UsersDatabase.UserKey"/>, <see cref="UsersDatabase.UsernameKey"/>) — unlike
/// <c>SELECT ... FOR UPDATE</c> it also covers a row that does not exist yet, so two first deliveries for one user
/// cannot both insert.
/// </summary>
public sealed class PostgresUsersDatabase : UsersDatabase
{
    private const string LockSql = "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))";
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnectionStringBuilder _settings;

    /// <summary>Initializes a new instance of the <see cref="PostgresUsersDatabase"/> class.</summary>
    /// <param name="connection">A <c>postgres://user:password@host:port/database?sslmode=...</c> URL or an Npgsql connection string.</param>
    /// <exception cref="ArgumentException">The URL or connection string is malformed.</exception>
    public PostgresUsersDatabase(string connection)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        try
        {
            _settings = new NpgsqlConnectionStringBuilder(PostgresUrl.IsUrl(connection) ? PostgresUrl.ToConnectionString(connection) : connection);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or UriFormatException)
        {
            throw new ArgumentException($"--users-db/USERS_DATABASE_URL is not a PostgreSQL URL or connection string: {e.Message}", nameof(connection), e);
        }

        _dataSource = NpgsqlDataSource.Create(_settings);
    }

    /// <inheritdoc />
    public override string Description =>
        $"PostgreSQL {_settings.Host}:{_settings.Port}/{_settings.Database ?? _settings.Username}{(_settings.SearchPath is { Length: > 0 } s ? $" (search path {s})" : "")}, table users";

    /// <summary>Whether <paramref name="setting"/> names PostgreSQL: a <c>postgres://</c> URL or a connection string with <c>Host=</c>.</summary>
    public static bool Recognizes(string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return PostgresUrl.IsUrl(setting) || setting.Contains("Host=", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Creates the tables under an advisory lock, so several instances starting at once do not race on the catalog.</summary>
    public override async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await BeginWriteAsync(connection, cancellationToken);
        await LockAsync(tx, "clerk-user-sync:schema", cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition($"{Tables} CREATE OR REPLACE VIEW {ActiveUsersView};", transaction: tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        await connection.BeginTransactionAsync(cancellationToken);

    /// <inheritdoc />
    public override Task LockAsync(DbTransaction transaction, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Connection!.ExecuteAsync(new CommandDefinition(LockSql, new { key }, transaction, cancellationToken: cancellationToken));
    }

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}
