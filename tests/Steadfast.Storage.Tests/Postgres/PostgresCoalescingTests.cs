using Npgsql;
using Steadfast.Engine;
using Steadfast.Storage.Postgres;

namespace Steadfast.Storage.Tests.Postgres;

/// <summary>
/// What the PostgreSQL store folds together for throughput, and what must not change because of it: run-state loads
/// that arrive together are answered by one statement, each with its own run; history and event rows of a write group
/// are inserted by one statement, and a request whose rows cannot be stored still fails alone.
/// </summary>
[RequiresPostgres]
public sealed class PostgresCoalescingTests : PostgresNodesTest
{
    private (EventCommit Commit, StoredEvent Event, string RunId) NewRun(string json = "{}")
    {
        var commit = NewCommit(1, json: json);
        return (commit, commit.Events[0], commit.Runs[0].Run.RunId);
    }

    [Fact]
    public async Task LoadRunState_ManyAtOnce_FewStatements_EachGetsItsOwnRun()
    {
        var store = await OpenAsync();
        var runs = Enumerable.Range(0, 60).Select(i => NewRun("{\"data\":{\"n\":" + i + "}}")).ToList();
        await Task.WhenAll(runs.Select(r => store.CommitEventsAsync(r.Commit, Now)));
        var before = store.RunStateReads;

        var missing = Enumerable.Range(0, 5).Select(_ => NextId("R")).ToList();
        var loads = runs.Select(r => store.LoadRunStateAsync(r.RunId)).Concat(missing.Select(id => store.LoadRunStateAsync(id))).ToList();
        var states = await Task.WhenAll(loads);

        for (var i = 0; i < runs.Count; i++)
        {
            Assert.NotNull(states[i]);
            Assert.Equal(runs[i].RunId, states[i]!.Run.RunId);
            Assert.Equal([runs[i].Event.Json], states[i]!.EventsJson);
        }

        Assert.All(states.Skip(runs.Count), Assert.Null);
        var statements = store.RunStateReads - before;
        Assert.InRange(statements, 1, 40); // 65 without coalescing; typically 2-4
    }

    [Fact]
    public async Task CommitEvents_OneRequestsRowsCannotBeStored_ItFailsAlone_TheRestOfItsGroupCommits()
    {
        var store = await OpenAsync();
        var runs = Enumerable.Range(0, 21).Select(i => NewRun(i == 10 ? "{\"bad\":\"\u0000\"}" : "{}")).ToList();

        // Queued together, so the writer groups them: the merged event insert fails, the group is sent again request by
        // request, and only the request with the NUL byte (which PostgreSQL text cannot hold) is refused.
        var commits = runs.Select(r => store.CommitEventsAsync(r.Commit, Now)).ToList();
        var failure = await Assert.ThrowsAnyAsync<PostgresException>(() => commits[10]);
        Assert.Equal("22021", failure.SqlState);

        for (var i = 0; i < runs.Count; i++)
        {
            if (i == 10)
            {
                Assert.Null(await store.GetEventAsync(runs[i].Event.InternalId));
                Assert.Null(await store.GetRunAsync(runs[i].RunId));
                continue;
            }

            var result = await commits[i];
            Assert.Equal([runs[i].RunId], result.CreatedRunIds);
            Assert.NotNull(await store.GetEventAsync(runs[i].Event.InternalId));
            Assert.NotEmpty(await store.GetHistoryAsync(runs[i].RunId));
        }
    }
}
