namespace Steadfast.Storage.Tests.Compliance;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task LoadRunState_BatchRun_ReturnsEventsInRunOrderAndStepsInStackOrder()
    {
        var first = NewEvent("app/batch", Now);
        var second = NewEvent("app/batch", Now + 1);
        var third = NewEvent("app/batch", Now + 2);
        // The run lists its events in an order that is neither id nor insertion order.
        var run = NewRunRecord(second) with { EventIds = [second.InternalId, third.InternalId, first.InternalId] };
        var commit = new EventCommit();
        commit.Events.AddRange([first, second, third]);
        commit.Runs.Add(new NewRun(run, null, 0));
        await Store.CommitEventsAsync(commit, Now);
        var t = new RunTransition { RunId = run.RunId };
        t.Memos.Add(("zz", "{\"v\":1}"));
        t.Memos.Add(("aa", "{\"v\":2}"));
        Assert.True(await Store.ApplyAsync(t, Now));
        var t2 = new RunTransition { RunId = run.RunId };
        t2.Memos.Add(("mm", "{\"v\":3}"));
        Assert.True(await Store.ApplyAsync(t2, Now));

        var state = await Store.LoadRunStateAsync(run.RunId);

        Assert.NotNull(state);
        Assert.Equal(run.RunId, state.Run.RunId);
        Assert.Equal([second.Json, third.Json, first.Json], state.EventsJson);
        Assert.Equal([("zz", "{\"v\":1}"), ("aa", "{\"v\":2}"), ("mm", "{\"v\":3}")], state.Steps);
        Assert.Equal(3, state.Run.StepCount);
    }

    [Fact]
    public async Task LoadRunState_UnknownRun_IsNull()
    {
        await StartRunAsync();

        Assert.Null(await Store.LoadRunStateAsync("no-such-run"));
        Assert.Null(await Store.GetRunAsync("no-such-run"));
        Assert.Null(await Store.GetEventAsync("no-such-event"));
    }

    [Fact]
    public async Task LoadRunState_NewRun_HasNoSteps()
    {
        var run = await StartRunAsync();

        var state = (await Store.LoadRunStateAsync(run.RunId))!;

        Assert.Empty(state.Steps);
        Assert.Single(state.EventsJson);
        Assert.Equal(RunStatus.Queued, state.Run.Status);
    }

    [Fact]
    public async Task ListRuns_NoFilter_ReturnsNewestFirst()
    {
        var a = await StartRunAsync();
        var b = await StartRunAsync();
        var c = await StartRunAsync();

        var runs = await Store.ListRunsAsync(new RunQuery());

        Assert.Equal([c.RunId, b.RunId, a.RunId], runs.Select(r => r.RunId));
    }

    [Fact]
    public async Task ListRuns_FunctionFilter_ReturnsOnlyThatFunction()
    {
        var a1 = await StartRunAsync("fn-a");
        await StartRunAsync("fn-b");
        var a2 = await StartRunAsync("fn-a");

        var runs = await Store.ListRunsAsync(new RunQuery { FunctionId = "fn-a" });

        Assert.Equal([a2.RunId, a1.RunId], runs.Select(r => r.RunId));
    }

    [Fact]
    public async Task ListRuns_EventFilter_ReturnsRunsOfThatEvent()
    {
        var trigger = NewEvent();
        var r1 = NewRunRecord(trigger, "fn-a");
        var r2 = NewRunRecord(trigger, "fn-b");
        var commit = new EventCommit();
        commit.Events.Add(trigger);
        commit.Runs.Add(new NewRun(r1, null, 0));
        commit.Runs.Add(new NewRun(r2, null, 0));
        await Store.CommitEventsAsync(commit, Now);
        await StartRunAsync("fn-a");

        var runs = await Store.ListRunsAsync(new RunQuery { EventId = trigger.InternalId });

        Assert.Equal([r2.RunId, r1.RunId], runs.Select(r => r.RunId));
    }

    [Fact]
    public async Task ListRuns_StatusFilter_ReturnsOnlyThoseStatuses()
    {
        var queued = await StartRunAsync();
        var running = await StartRunAsync();
        var failed = await StartRunAsync();
        var completed = await StartRunAsync();
        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = running.RunId, Update = new RunUpdate { Status = RunStatus.Running } }, Now));
        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = failed.RunId, Update = new RunUpdate { Status = RunStatus.Failed } }, Now));
        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = completed.RunId, Update = new RunUpdate { Status = RunStatus.Completed } }, Now));

        var active = await Store.ListRunsAsync(new RunQuery { Statuses = [RunStatus.Queued, RunStatus.Running] });
        var ended = await Store.ListRunsAsync(new RunQuery { Statuses = [RunStatus.Failed] });
        var all = await Store.ListRunsAsync(new RunQuery { Statuses = [] });

        Assert.Equal([running.RunId, queued.RunId], active.Select(r => r.RunId));
        Assert.Equal([failed.RunId], ended.Select(r => r.RunId));
        Assert.Equal(4, all.Count);
    }

    [Fact]
    public async Task ListRuns_TimeWindow_IsSinceInclusiveUntilExclusive()
    {
        var before = await StartRunAsync(createdAt: Now - 1);
        var atSince = await StartRunAsync(createdAt: Now);
        var inside = await StartRunAsync(createdAt: Now + 500);
        var atUntil = await StartRunAsync(createdAt: Now + 1_000);

        var runs = await Store.ListRunsAsync(new RunQuery { Since = Now, Until = Now + 1_000 });

        Assert.Equal([inside.RunId, atSince.RunId], runs.Select(r => r.RunId));
        Assert.DoesNotContain(runs, r => r.RunId == before.RunId || r.RunId == atUntil.RunId);
    }

    [Fact]
    public async Task ListRuns_CursorPagination_WalksAllRunsOnce()
    {
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await StartRunAsync()).RunId);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        while (true)
        {
            var page = await Store.ListRunsAsync(new RunQuery { Limit = 3, Cursor = cursor });
            if (page.Count == 0)
            {
                break;
            }

            Assert.True(page.Count <= 3);
            seen.AddRange(page.Select(r => r.RunId));
            cursor = page[^1].RunId;
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task ListRuns_CursorWithFilter_CombinesBoth()
    {
        var a1 = await StartRunAsync("fn-a");
        await StartRunAsync("fn-b");
        var a2 = await StartRunAsync("fn-a");
        var a3 = await StartRunAsync("fn-a");

        var page = await Store.ListRunsAsync(new RunQuery { FunctionId = "fn-a", Cursor = a3.RunId, Limit = 1 });

        Assert.Equal([a2.RunId], page.Select(r => r.RunId));
        Assert.Equal([a1.RunId], (await Store.ListRunsAsync(new RunQuery { FunctionId = "fn-a", Cursor = a2.RunId })).Select(r => r.RunId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task ListRuns_LimitBelowOne_ReturnsOne(int limit)
    {
        await StartRunAsync();
        var newest = await StartRunAsync();

        var runs = await Store.ListRunsAsync(new RunQuery { Limit = limit });

        Assert.Equal([newest.RunId], runs.Select(r => r.RunId));
    }

    [Fact]
    public async Task ListRuns_LimitAboveMaximum_ReturnsAtMostOneThousand()
    {
        var commit = new EventCommit();
        var trigger = NewEvent();
        commit.Events.Add(trigger);
        for (var i = 0; i < 1_001; i++)
        {
            commit.Runs.Add(new NewRun(NewRunRecord(trigger), null, 0));
        }

        Assert.Equal(1_001, (await Store.CommitEventsAsync(commit, Now)).CreatedRunIds.Count);

        var runs = await Store.ListRunsAsync(new RunQuery { Limit = 5_000 });

        Assert.Equal(1_000, runs.Count);
        Assert.Equal(commit.Runs[^1].Run.RunId, runs[0].RunId);
    }

    [Fact]
    public async Task ListRuns_DefaultLimit_IsFifty()
    {
        var commit = new EventCommit();
        var trigger = NewEvent();
        commit.Events.Add(trigger);
        for (var i = 0; i < 60; i++)
        {
            commit.Runs.Add(new NewRun(NewRunRecord(trigger), null, 0));
        }

        await Store.CommitEventsAsync(commit, Now);

        Assert.Equal(50, (await Store.ListRunsAsync(new RunQuery())).Count);
    }

    private async Task<List<StoredEvent>> CommitEventsAsync(params (string Name, long ReceivedAt)[] events)
    {
        var commit = new EventCommit();
        foreach (var (name, receivedAt) in events)
        {
            commit.Events.Add(NewEvent(name, receivedAt));
        }

        await Store.CommitEventsAsync(commit, Now);
        return commit.Events;
    }

    [Fact]
    public async Task ListEvents_NoFilter_ReturnsNewestFirstIncludingInternal()
    {
        var events = await CommitEventsAsync(("app/a", Now), ("inngest/function.finished", Now), ("app/b", Now));

        var listed = await Store.ListEventsAsync(new EventQuery());

        Assert.Equal([events[2], events[1], events[0]], listed);
    }

    [Fact]
    public async Task ListEvents_NameFilter_ReturnsOnlyThatName()
    {
        var events = await CommitEventsAsync(("app/a", Now), ("app/b", Now), ("app/a", Now));

        var listed = await Store.ListEventsAsync(new EventQuery { Name = "app/a" });

        Assert.Equal([events[2].InternalId, events[0].InternalId], listed.Select(e => e.InternalId));
    }

    [Fact]
    public async Task ListEvents_ExcludeInternal_HidesInngestEvents()
    {
        var events = await CommitEventsAsync(("app/a", Now), ("inngest/function.finished", Now), ("inngest/function.failed", Now), ("app/inngest/not-internal", Now));

        var listed = await Store.ListEventsAsync(new EventQuery { IncludeInternal = false });

        Assert.Equal([events[3].InternalId, events[0].InternalId], listed.Select(e => e.InternalId));
    }

    [Fact]
    public async Task ListEvents_TimeWindow_IsSinceInclusiveUntilExclusiveOnReceivedAt()
    {
        var events = await CommitEventsAsync(("app/a", Now - 1), ("app/a", Now), ("app/a", Now + 999), ("app/a", Now + 1_000));

        var listed = await Store.ListEventsAsync(new EventQuery { Since = Now, Until = Now + 1_000 });

        Assert.Equal([events[2].InternalId, events[1].InternalId], listed.Select(e => e.InternalId));
    }

    [Fact]
    public async Task ListEvents_CursorPagination_WalksAllEventsOnce()
    {
        var events = await CommitEventsAsync(("app/a", Now), ("app/a", Now), ("app/a", Now), ("app/a", Now), ("app/a", Now));

        var first = await Store.ListEventsAsync(new EventQuery { Limit = 2 });
        var second = await Store.ListEventsAsync(new EventQuery { Limit = 2, Cursor = first[^1].InternalId });
        var third = await Store.ListEventsAsync(new EventQuery { Limit = 2, Cursor = second[^1].InternalId });
        var fourth = await Store.ListEventsAsync(new EventQuery { Limit = 2, Cursor = third[^1].InternalId });

        Assert.Equal(Enumerable.Reverse(events).Select(e => e.InternalId), first.Concat(second).Concat(third).Select(e => e.InternalId));
        Assert.Single(third);
        Assert.Empty(fourth);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-1, 1)]
    [InlineData(2, 2)]
    public async Task ListEvents_Limit_IsClampedToAtLeastOne(int limit, int expected)
    {
        await CommitEventsAsync(("app/a", Now), ("app/a", Now), ("app/a", Now));

        Assert.Equal(expected, (await Store.ListEventsAsync(new EventQuery { Limit = limit })).Count);
    }

    [Fact]
    public async Task ListEvents_LimitAboveMaximum_ReturnsAtMostOneThousand()
    {
        var commit = new EventCommit();
        for (var i = 0; i < 1_001; i++)
        {
            commit.Events.Add(NewEvent());
        }

        await Store.CommitEventsAsync(commit, Now);

        Assert.Equal(1_000, (await Store.ListEventsAsync(new EventQuery { Limit = 1_001 })).Count);
    }
}
