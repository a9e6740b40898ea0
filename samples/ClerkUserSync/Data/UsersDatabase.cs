using System.Data.Common;

namespace ClerkUserSync.Data;

/// <summary>
/// The application's own database, holding <c>users</c> and <c>sent_mail</c>: a SQLite file by default
/// (<see cref="SqliteUsersDatabase"/>) or PostgreSQL (<see cref="PostgresUsersDatabase"/>). The SQL of
/// <see cref="UserStore"/> and the mailer is written once for both; what differs — how a write transaction starts, how a
/// read-decide-write is serialized, how a unique violation looks — is here.
/// </summary>
public abstract class UsersDatabase : IAsyncDisposable
{
    /// <summary>
    /// The tables, the same text for both backends (<c>BIGINT</c> has INTEGER affinity in SQLite; files created by
    /// earlier versions with <c>INTEGER</c> columns read the same).
    /// </summary>
    protected const string Tables = """
        CREATE TABLE IF NOT EXISTS users (
            id               TEXT PRIMARY KEY,   -- Clerk user id
            username         TEXT NULL,          -- ours: from the primary email's local part, unique
            email            TEXT NULL,          -- the PRIMARY address (primary_email_address_id), never the first one
            first_name       TEXT NULL,
            last_name        TEXT NULL,
            display_name     TEXT NULL,          -- names, else Clerk username, else email local part, else id
            image_url        TEXT NULL,
            phone            TEXT NULL,          -- the primary phone number
            clerk_username   TEXT NULL,
            clerk_created_at BIGINT NULL,
            clerk_updated_at BIGINT NOT NULL,    -- last-writer-wins key (data.updated_at, ms)
            deleted_at       BIGINT NULL,        -- tombstone: envelope time of user.deleted; never resurrected
            synced_at        BIGINT NOT NULL
        );
        -- Usernames are assigned here, so a unique index cannot be violated by Clerk's ordering; emails and Clerk
        -- usernames are not unique locally (clerk-svix.md §6 scenario 39: another user may take over an address or a
        -- username before our copy of the previous holder's rename arrives).
        CREATE UNIQUE INDEX IF NOT EXISTS users_username ON users (username);
        CREATE INDEX IF NOT EXISTS users_email ON users (email);
        CREATE TABLE IF NOT EXISTS sent_mail (
            user_id    TEXT NOT NULL,
            kind       TEXT NOT NULL,            -- welcome | trial-offer
            recipient  TEXT NOT NULL,
            status     TEXT NOT NULL,            -- sending | sent
            created_at BIGINT NOT NULL,
            sent_at    BIGINT NULL,
            PRIMARY KEY (user_id, kind)          -- at most one mail of each kind per user
        );
        """;

    /// <summary>The body of the <c>active_users</c> view (the statement that creates it differs per backend).</summary>
    protected const string ActiveUsersView = "active_users AS SELECT * FROM users WHERE deleted_at IS NULL";

    /// <summary>Gets where the data lives, for the start-up banner (never a password).</summary>
    public abstract string Description { get; }

    /// <summary>
    /// Picks the backend from <c>--users-db</c> / <c>USERS_DATABASE_URL</c>: a <c>postgres://</c> URL or an Npgsql
    /// connection string (<c>Host=...</c>) selects PostgreSQL; anything else is a SQLite file path; null is the SQLite
    /// file <paramref name="defaultSqlitePath"/>.
    /// </summary>
    /// <param name="setting">The configured value, or null.</param>
    /// <param name="defaultSqlitePath">The default file (<c>data/users.db</c>).</param>
    /// <returns>The database (not created yet: call <see cref="EnsureCreatedAsync"/>).</returns>
    /// <exception cref="ArgumentException">The PostgreSQL URL or connection string is malformed.</exception>
    public static UsersDatabase Create(string? setting, string defaultSqlitePath) =>
        setting is null ? new SqliteUsersDatabase(defaultSqlitePath)
        : PostgresUsersDatabase.Recognizes(setting) ? new PostgresUsersDatabase(setting)
        : new SqliteUsersDatabase(setting);

    /// <summary>The lock key of one user: the sync functions and the mailer take it before reading the user's row.</summary>
    public static string UserKey(string userId) => "user:" + userId;

    /// <summary>The lock key of a username base: held while choosing <c>base</c>, <c>base2</c>, ... for a new row.</summary>
    public static string UsernameKey(string baseName) => "username:" + baseName;

    /// <summary>Creates the tables and indexes when missing (idempotent; safe when several processes start at once).</summary>
    public abstract Task EnsureCreatedAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens a connection.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>Begins a transaction that will write.</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default);

    /// <summary>
    /// Serializes the rest of <paramref name="transaction"/> with every other transaction that locks
    /// <paramref name="key"/>, until it commits or rolls back. Take it before the read that the write depends on.
    /// </summary>
    public abstract Task LockAsync(DbTransaction transaction, string key, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="exception"/> is a unique-constraint violation (decide again, in a new transaction).</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
