using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ClerkUserSync.Data;

/// <summary>
/// The users database as a SQLite file (WAL). Write transactions are <c>BEGIN IMMEDIATE</c>: they hold the database's
/// one write lock from their first statement, so every read-decide-write is serialized against all others and
/// <see cref="LockAsync"/> has nothing left to do.
/// </summary>
public sealed class SqliteUsersDatabase : UsersDatabase
{
    private readonly string _connectionString;

    /// <summary>Initializes a new instance of the <see cref="SqliteUsersDatabase"/> class.</summary>
    /// <param name="path">The database file.</param>
    public SqliteUsersDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>Gets the absolute path of the file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override string Description => $"{Path}  (SQLite, table users)";

    /// <inheritdoc />
    public override async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"PRAGMA journal_mode = WAL; {Tables} CREATE VIEW IF NOT EXISTS {ActiveUsersView};", cancellationToken: cancellationToken));
    }

    /// <summary>Opens a connection (busy timeout 30 s).</summary>
    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Begins <c>BEGIN IMMEDIATE</c>: the write lock is taken now, not at the first write.</summary>
    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <inheritdoc />
    public override Task LockAsync(DbTransaction transaction, string key, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException exception) => exception is SqliteException { SqliteErrorCode: 19 };
}
