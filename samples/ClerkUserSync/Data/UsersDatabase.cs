using Dapper;
using Microsoft.Data.Sqlite;

namespace ClerkUserSync.Data;

/// <summary>
/// The application's own database: a SQLite file (WAL) holding <c>users</c> and <c>sent_mail</c>. Writers use
/// <c>BEGIN IMMEDIATE</c> transactions, so the read-decide-write of a sync is serialized against concurrent runs.
/// </summary>
public sealed class UsersDatabase
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
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
            clerk_created_at INTEGER NULL,
            clerk_updated_at INTEGER NOT NULL,   -- last-writer-wins key (data.updated_at, ms)
            deleted_at       INTEGER NULL,       -- tombstone: envelope time of user.deleted; never resurrected
            synced_at        INTEGER NOT NULL
        );
        -- Usernames are assigned here, so a unique index cannot be violated by Clerk's ordering; emails are not unique
        -- locally (clerk-svix.md §6 scenario 39: another user may take over an address before our update arrives).
        CREATE UNIQUE INDEX IF NOT EXISTS users_username ON users (username);
        CREATE INDEX IF NOT EXISTS users_email ON users (email);
        CREATE VIEW IF NOT EXISTS active_users AS SELECT * FROM users WHERE deleted_at IS NULL;
        CREATE TABLE IF NOT EXISTS sent_mail (
            user_id    TEXT NOT NULL,
            kind       TEXT NOT NULL,            -- welcome | trial-offer
            recipient  TEXT NOT NULL,
            status     TEXT NOT NULL,            -- sending | sent
            created_at INTEGER NOT NULL,
            sent_at    INTEGER NULL,
            PRIMARY KEY (user_id, kind)          -- at most one mail of each kind per user
        );
        """;

    private readonly string _connectionString;

    /// <summary>Initializes a new instance of the <see cref="UsersDatabase"/> class.</summary>
    /// <param name="path">The database file.</param>
    public UsersDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>Gets the absolute path of the file.</summary>
    public string Path { get; }

    /// <summary>Creates the file and schema when missing.</summary>
    public void EnsureCreated()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using var connection = Open();
        connection.Execute(Schema);
    }

    /// <summary>Opens a connection (busy timeout 30 s).</summary>
    /// <returns>The open connection.</returns>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
