using ClerkUserSync.Data;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>The user-sync suite with users in the default SQLite file.</summary>
public sealed class SqliteUserSyncTests() : UserSyncTests(new SqliteUsers())
{
    [Fact]
    public async Task Start_Default_UsersInDataDirectoryUsersDb()
    {
        await using var host = await StartAsync();

        var database = Assert.IsType<SqliteUsersDatabase>(host.Database);
        Assert.Equal(Path.Combine(host.Options.DataDirectory, "users.db"), database.Path);
        Assert.True(File.Exists(database.Path));
    }
}
