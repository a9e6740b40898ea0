using Npgsql;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>
/// PostgreSQL for the users table: a fresh database per test class (a class fixture), a fresh schema per test in it
/// (the app gets a connection string whose search path is that schema). The server is named by
/// <c>STEADFAST_TEST_POSTGRES</c> (an Npgsql connection string; default <c>Host=localhost;Username=postgres;Password=postgres</c>,
/// which scripts/setup-postgres.sh provides); <c>STEADFAST_TEST_POSTGRES=skip</c> skips the PostgreSQL variants
/// (<see cref="UsersFactAttribute"/>). The database is dropped when the class ends.
/// </summary>
public sealed class PostgresUsers : IUsersBackend, IAsyncLifetime
{
    public const string Variable = "STEADFAST_TEST_POSTGRES";
    private const string DefaultConnectionString = "Host=localhost;Username=postgres;Password=postgres";
    private readonly string _database = "clerk_sync_" + Guid.NewGuid().ToString("N")[..16];
    private bool _created;

    public static bool Skipped => Environment.GetEnvironmentVariable(Variable) is "skip";

    private static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value && value != "skip" ? value : DefaultConnectionString;

    public async Task InitializeAsync()
    {
        if (Skipped)
        {
            return;
        }

        try
        {
            await ExecuteAsync(ServerConnectionString, $"CREATE DATABASE {_database}");
            _created = true;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL server answers at '{ServerConnectionString}' ({e.Message}). Run scripts/setup-postgres.sh as root, point {Variable} at a server, or set {Variable}=skip.", e);
        }
    }

    public async Task<string?> NewDatabaseAsync()
    {
        Assert.True(_created, "the PostgreSQL test database was not created");
        var schema = "t_" + Guid.NewGuid().ToString("N")[..20];
        var database = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _database };
        await ExecuteAsync(database.ConnectionString, $"CREATE SCHEMA {schema}");
        database.SearchPath = schema;
        return database.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_created)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(ServerConnectionString, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5 }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
