using Microsoft.Data.Sqlite;
using Steadfast.Storage.Sqlite;

namespace Steadfast.Storage.Tests.Sqlite;

/// <summary>A database file of its own for one test, in a fresh temporary folder removed afterwards.</summary>
internal sealed class SqliteTestDatabase
{
    private readonly string _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "steadfast-storage-tests", Guid.NewGuid().ToString("N"));

    public SqliteTestDatabase() => Path = System.IO.Path.Combine(_folder, "steadfast.db");

    public string Path { get; }

    public async Task<SqliteStore> OpenAsync(string synchronous = "FULL")
    {
        var store = new SqliteStore(new SqliteStoreOptions { Path = Path, Synchronous = synchronous });
        try
        {
            await store.InitializeAsync();
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>A plain connection of the test's own, not the store's.</summary>
    public SqliteConnection OpenConnection(SqliteOpenMode mode = SqliteOpenMode.ReadOnly)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Delete()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
