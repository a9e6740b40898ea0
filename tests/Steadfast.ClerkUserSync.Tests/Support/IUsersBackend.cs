namespace Steadfast.ClerkUserSync.Tests;

/// <summary>Which database the app keeps its users in, for suites that run once per backend.</summary>
public interface IUsersBackend
{
    /// <summary>A fresh, empty users database for one test: the <c>--users-db</c> setting, or null for the default SQLite file.</summary>
    Task<string?> NewDatabaseAsync();
}

/// <summary>The default: a SQLite file in the test's own data directory.</summary>
public sealed class SqliteUsers : IUsersBackend
{
    public Task<string?> NewDatabaseAsync() => Task.FromResult<string?>(null);
}
