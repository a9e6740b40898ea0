using ClerkUserSync.Data;
using ClerkUserSync.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>The new settings: <c>--users-db</c> / <c>USERS_DATABASE_URL</c> and <c>--server-url</c> / <c>STEADFAST_SERVER_URL</c>.</summary>
public sealed class OptionsTests
{
    [Fact]
    public async Task Help_ProcessPrintsEveryOptionAndExitsZero()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ClerkUserSync.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [dll, "--help"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        foreach (var flag in new[] { "--port", "--data-dir", "--secret", "--trial-delay", "--users-db", "--smtp-host", "--server-url", "--signing-key", "--event-key" })
        {
            Assert.Contains(flag, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void UsersDb_PostgresUrl_KeptAsGivenAndSelectsPostgres()
    {
        var options = ClerkUserSyncOptions.FromEnvironment(["--users-db", "postgres://sync:s3cr%40t@db.internal:5433/app_users?sslmode=require"]);

        Assert.Equal("postgres://sync:s3cr%40t@db.internal:5433/app_users?sslmode=require", options.UsersDatabaseUrl);
        Assert.True(PostgresUsersDatabase.Recognizes(options.UsersDatabaseUrl!));
    }

    [Fact]
    public void UsersDb_RelativeFile_SqliteFileUnderTheCallersDirectory()
    {
        var options = ClerkUserSyncOptions.FromEnvironment(["--users-db", "elsewhere/users.db"]);

        Assert.Equal(Path.Combine(ClerkUserSyncOptions.CallerDirectory(), "elsewhere", "users.db"), options.UsersDatabaseUrl);
        Assert.False(PostgresUsersDatabase.Recognizes(options.UsersDatabaseUrl!));
    }

    [Fact]
    public void PostgresUrl_WithEscapesPortAndSslMode_ConnectionStringWithDecodedParts()
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgresql://sync:s3cr%40t@db.internal:5433/app%20users?sslmode=require&application_name=clerk-sync"));

        Assert.Equal(("db.internal", 5433, "sync", "s3cr@t", "app users"), (settings.Host, settings.Port, settings.Username, settings.Password, settings.Database));
        Assert.Equal((SslMode.Require, "clerk-sync"), (settings.SslMode, settings.ApplicationName));
    }

    [Fact]
    public void PostgresUrl_SearchPath_SearchPathKeyword()
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgres://u:p@localhost/app?search_path=sync"));

        Assert.Equal("sync", settings.SearchPath);
    }

    [Fact]
    public async Task UsersDb_PostgresNotListening_StartFailsNamingTheSetting()
    {
        var options = SyncAppHost.NewOptions();
        options.UsersDatabaseUrl = $"postgres://u:p@127.0.0.1:{SteadfastCli.FreePort()}/users";
        await using var app = SyncAppHost.Build(options);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.StartsWith("The users database (PostgreSQL 127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("--users-db/USERS_DATABASE_URL) could not be set up", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgresUrl_NoPortNoUser_DefaultPort()
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgres://localhost/users"));

        Assert.Equal(("localhost", 5432, null, "users"), (settings.Host, settings.Port, settings.Username, settings.Database));
    }

    [Fact]
    public async Task UsersDb_UnknownUrlParameter_StartFailsNamingTheSetting()
    {
        var options = SyncAppHost.NewOptions();
        options.UsersDatabaseUrl = "postgres://localhost/users?no_such_setting=1";
        await using var app = SyncAppHost.Build(options);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => app.StartAsync());

        Assert.Contains("--users-db/USERS_DATABASE_URL", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:8288")]
    [InlineData("ftp://localhost:8288")]
    public void ServerUrl_NotAnHttpUrl_RejectedWithAnExample(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ClerkUserSyncOptions.FromEnvironment(["--server-url", value]));

        Assert.Contains("http://localhost:8288", error.Message, StringComparison.Ordinal);
    }
}
