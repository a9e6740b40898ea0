using Npgsql;
using Steadfast.Storage.Postgres;

namespace Steadfast.Storage.Tests.Postgres;

/// <summary>
/// A schema of its own for one test on the PostgreSQL server named by <c>STEADFAST_TEST_POSTGRES</c> (an Npgsql
/// connection string; default <c>Host=localhost;Username=postgres;Password=postgres</c>, which
/// <c>scripts/setup-postgres.sh</c> provides). When no server answers, the tests fail with a message saying so; with
/// the value <c>skip</c> the classes marked <see cref="RequiresPostgresAttribute"/> are skipped instead.
/// </summary>
internal sealed class PostgresTestDatabase
{
    public const string Variable = "STEADFAST_TEST_POSTGRES";
    public const string DefaultConnectionString = "Host=localhost;Username=postgres;Password=postgres";

    public PostgresTestDatabase() => Schema = "t_" + Guid.NewGuid().ToString("N")[..20];

    /// <summary>True when <c>STEADFAST_TEST_POSTGRES=skip</c>: PostgreSQL tests are skipped, not run.</summary>
    public static bool Skipped => string.Equals(Environment.GetEnvironmentVariable(Variable), "skip", StringComparison.OrdinalIgnoreCase);

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : DefaultConnectionString;

    public string Schema { get; }

    public PostgresStoreOptions Options(int writers = 2) => new() { ConnectionString = ConnectionString, Schema = Schema, WriterConnections = writers };

    public async Task<PostgresStore> OpenAsync(int writers = 2, Steadfast.Engine.IWorkSignal? signal = null)
    {
        await EnsureReachableAsync();
        var store = new PostgresStore(Options(writers), signal);
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

    public async Task DropAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A plain connection of the test's own (search path set to the test's schema).</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = Schema }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task EnsureReachableAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Timeout = 5 }.ConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL server answers at '{ConnectionString}' ({ex.Message}). Run scripts/setup-postgres.sh, or point {Variable} at a server (an Npgsql connection string).", ex);
        }
    }
}
