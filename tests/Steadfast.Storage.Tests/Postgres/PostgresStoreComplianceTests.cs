using Steadfast.Storage.Tests.Compliance;

namespace Steadfast.Storage.Tests.Postgres;

/// <summary>
/// The compliance suite against a real PostgreSQL server (see <see cref="PostgresTestDatabase"/> for how it is
/// located), one schema per test, dropped afterwards.
/// </summary>
[RequiresPostgres]
public sealed class PostgresStoreComplianceTests : StoreComplianceTests
{
    private readonly PostgresTestDatabase _database = new();

    protected override async Task<IEngineStore> CreateStoreAsync() => await _database.OpenAsync();

    protected override Task DeleteStorageAsync() => _database.DropAsync();
}
