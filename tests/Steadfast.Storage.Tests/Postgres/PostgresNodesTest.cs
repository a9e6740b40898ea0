using Steadfast.Engine;
using Steadfast.Storage.Postgres;

namespace Steadfast.Storage.Tests.Postgres;

/// <summary>
/// Several stores (nodes) on one fresh PostgreSQL database: opens them, disposes them and drops the database after
/// the test, and hands out ids that sort in creation order.
/// </summary>
public abstract class PostgresNodesTest : IAsyncLifetime
{
    protected const long Now = 1_700_000_000_000;
    private readonly List<PostgresStore> _stores = [];
    private int _sequence;

    /// <summary>Gets the test's database.</summary>
    private protected PostgresTestDatabase Database { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await Database.DropAsync();
    }

    /// <summary>Opens one more node on the database; it is disposed after the test.</summary>
    protected async Task<PostgresStore> OpenAsync(IWorkSignal? signal = null) => Track(await Database.OpenAsync(signal: signal));

    /// <summary>Opens <paramref name="count"/> nodes.</summary>
    protected async Task<PostgresStore[]> OpenNodesAsync(int count)
    {
        var nodes = new PostgresStore[count];
        for (var i = 0; i < count; i++)
        {
            nodes[i] = await OpenAsync();
        }

        return nodes;
    }

    /// <summary>Disposes <paramref name="store"/> after the test.</summary>
    protected PostgresStore Track(PostgresStore store)
    {
        _stores.Add(store);
        return store;
    }

    protected string NextId(string kind) => $"01{kind}{Interlocked.Increment(ref _sequence):D8}";

    /// <summary>One event (data <paramref name="json"/>) starting <paramref name="runs"/> runs, under idempotency key <paramref name="key"/> when given.</summary>
    protected EventCommit NewCommit(int runs, string? key = null, string json = "{}")
    {
        var e = new StoredEvent { InternalId = NextId("E"), Id = "e", Name = "app/cron", Ts = Now, ReceivedAt = Now, Json = json };
        var commit = new EventCommit();
        commit.Events.Add(e);
        for (var i = 0; i < runs; i++)
        {
            var run = new RunRecord { RunId = NextId("R"), FunctionId = "app-fn", EventId = e.InternalId, EventIds = [e.InternalId], CreatedAt = Now };
            commit.Runs.Add(new NewRun(run, key, Now + 60_000));
        }

        return commit;
    }
}
