using ClerkUserSync.Data;
using Npgsql;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>The user-sync suite with users in PostgreSQL (a database for this class, a schema per test).</summary>
public sealed class PostgresUserSyncTests(PostgresUsers postgres) : UserSyncTests(postgres), IClassFixture<PostgresUsers>, IRequiresPostgres
{
    [UsersFact]
    public async Task Start_ConnectionString_TablesInTheSearchPathSchema()
    {
        await using var host = await StartAsync();

        var database = Assert.IsType<PostgresUsersDatabase>(host.Database);
        var settings = new NpgsqlConnectionStringBuilder(host.Options.UsersDatabaseUrl);
        Assert.Equal($"PostgreSQL {settings.Host}:{settings.Port}/{settings.Database} (search path {settings.SearchPath}), table users", database.Description);
        await using var connection = new NpgsqlConnection(host.Options.UsersDatabaseUrl);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT relnamespace::regnamespace::text FROM pg_class WHERE oid = 'users'::regclass", connection);
        Assert.Equal(settings.SearchPath, await command.ExecuteScalarAsync());
    }
}
