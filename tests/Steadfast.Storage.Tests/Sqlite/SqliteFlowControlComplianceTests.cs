using Steadfast.Storage.Tests.Compliance;

namespace Steadfast.Storage.Tests.Sqlite;

/// <summary>The flow-control compliance suite against the embedded SQLite store, one database file per test.</summary>
public sealed class SqliteFlowControlComplianceTests : FlowControlComplianceTests
{
    private readonly SqliteTestDatabase _database = new();

    protected override async Task<IEngineStore> CreateStoreAsync() => await _database.OpenAsync();

    protected override Task DeleteStorageAsync()
    {
        _database.Delete();
        return Task.CompletedTask;
    }
}
