using Steadfast.Storage.Tests.Compliance;

namespace Steadfast.Storage.Tests.Postgres;

/// <summary>The flow-control compliance suite against a real PostgreSQL server, one schema per test, dropped afterwards.</summary>
[RequiresPostgres]
public sealed class PostgresFlowControlComplianceTests : FlowControlComplianceTests
{
    private readonly PostgresTestDatabase _database = new();

    protected override async Task<IEngineStore> CreateStoreAsync() => await _database.OpenAsync();

    protected override Task DeleteStorageAsync() => _database.DropAsync();
}
