using Microsoft.Extensions.Logging.Abstractions;
using Steadfast.Engine.Retention;
using Steadfast.Storage.Tests.Sqlite;

namespace Steadfast.Storage.Tests.Retention;

/// <summary>The retention pass: cutoff from the clock and the retention, batches until nothing older is left.</summary>
public sealed class HistoryRetentionServiceTests : IAsyncLifetime
{
    private const long Now = 1_700_000_000_000;
    private static readonly long Hour = (long)TimeSpan.FromHours(1).TotalMilliseconds;
    private readonly SqliteTestDatabase _database = new();
    private IEngineStore? _store;

    private IEngineStore Store => _store!;

    public async Task InitializeAsync() => _store = await _database.OpenAsync();

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _database.Delete();
    }

    private async Task<string> EndedRunAsync(int n, long endedAt)
    {
        var e = new StoredEvent { InternalId = $"01E{n:D6}", Id = "e", Name = "app/x", Ts = endedAt - 10, ReceivedAt = endedAt - 10, Json = "{}" };
        var run = new RunRecord { RunId = $"01R{n:D6}", FunctionId = "fn", EventId = e.InternalId, EventIds = [e.InternalId], CreatedAt = endedAt - 10 };
        var commit = new EventCommit();
        commit.Events.Add(e);
        commit.Runs.Add(new NewRun(run, null, 0));
        await Store.CommitEventsAsync(commit, endedAt - 10);
        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = run.RunId, DeleteAllItems = true, Update = new RunUpdate { Status = RunStatus.Completed, EndedAt = endedAt } }, endedAt));
        return run.RunId;
    }

    private HistoryRetentionService Service(TimeSpan? retention) => new(
        Store,
        new RetentionOptions { Retention = retention, BatchSize = 2, BatchPause = TimeSpan.Zero },
        new FixedClock(DateTimeOffset.FromUnixTimeMilliseconds(Now)),
        NullLogger<HistoryRetentionService>.Instance);

    [Fact]
    public async Task PurgeOnce_SevenRunsOlderThanRetention_RemovesThemInBatchesAndKeepsRecent()
    {
        var old = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            old.Add(await EndedRunAsync(i, Now - (3 * Hour) + i));
        }

        var recent = await EndedRunAsync(100, Now - (Hour / 2));

        var result = await Service(TimeSpan.FromHours(1)).PurgeOnceAsync();

        Assert.Equal(new PurgeResult(7, 7), result);
        foreach (var id in old)
        {
            Assert.Null(await Store.GetRunAsync(id));
        }

        Assert.NotNull(await Store.GetRunAsync(recent));
    }

    [Fact]
    public async Task PurgeOnce_NoRetention_KeepsEverything()
    {
        var id = await EndedRunAsync(1, Now - (1000 * Hour));

        Assert.Equal(new PurgeResult(0, 0), await Service(null).PurgeOnceAsync());
        Assert.NotNull(await Store.GetRunAsync(id));
    }

    [Theory]
    [InlineData("7d", 7 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("30m", 30)]
    [InlineData("1.5h", 90)]
    public void TryParseDuration_Valid_Parses(string text, int minutes)
    {
        Assert.True(RetentionOptions.TryParseDuration(text, out var d));
        Assert.Equal(TimeSpan.FromMinutes(minutes), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("7w")]
    [InlineData("-1d")]
    [InlineData("d")]
    public void TryParseDuration_Invalid_Fails(string text) => Assert.False(RetentionOptions.TryParseDuration(text, out _));

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
