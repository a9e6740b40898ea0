using System.Buffers;
using System.Text.Json;
using Steadfast.Engine;
using Steadfast.Engine.Events;
using Steadfast.Engine.Functions;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Events;
using Steadfast.Protocol.Ids;

namespace Steadfast.Server.AspNetCore.Endpoints.Operations;

/// <summary>
/// Starts runs on purpose rather than by trigger matching: reruns (same function, same events, optionally seeded with the
/// original run's memoized steps before a step) and invocations with a payload. One commit per call, however many runs.
/// </summary>
internal sealed class RunLauncher(IEngineStore store, RunPlanner planner, FunctionCatalog catalog, UlidGenerator ids, TimeProvider time, IWorkSignal signal, EngineNotifications notifications)
{
    /// <summary>A run to start again: the original, and the memoized steps the new run starts with.</summary>
    public sealed record Rerun(RunRecord Original, StoredEvent Trigger, IReadOnlyList<(string StepId, string Json)> Steps);

    public FunctionCatalog Catalog => catalog;

    /// <summary>
    /// Creates one new run per entry, without an idempotency key (a rerun is deliberate and never deduplicated). Returns
    /// the new run ids in order; an entry whose function is no longer in the catalog gets null.
    /// </summary>
    public async Task<IReadOnlyList<string?>> RerunAsync(IReadOnlyList<Rerun> reruns, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var commit = new EventCommit();
        var created = new string?[reruns.Count];
        for (var i = 0; i < reruns.Count; i++)
        {
            var r = reruns[i];
            if (catalog.Get(r.Original.FunctionId) is not { } function)
            {
                continue;
            }

            var eventIds = r.Original.EventIds.Count > 0 ? r.Original.EventIds : [r.Original.EventId];
            created[i] = planner.AddRun(function, r.Trigger, eventIds, null, now, commit);
            if (r.Steps.Count > 0)
            {
                commit.Runs[^1] = commit.Runs[^1] with { InitialSteps = r.Steps };
            }
        }

        await CommitAsync(commit, now, cancellationToken).ConfigureAwait(false);
        return created;
    }

    /// <summary>Stores an <c>inngest/function.invoked</c> event carrying <paramref name="data"/> and starts one run of the function for it.</summary>
    public async Task<(string EventId, string RunId)> InvokeAsync(EngineFunction function, JsonElement data, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var internalId = ids.Next();
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("name", InternalEvents.FunctionInvoked);
            w.WriteStartObject("data");
            if (data.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in data.EnumerateObject())
                {
                    if (p.Name != "_inngest")
                    {
                        p.WriteTo(w);
                    }
                }
            }

            w.WriteStartObject("_inngest");
            w.WriteString("fn_id", function.Id);
            w.WriteString("source", "dashboard");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("id", internalId);
            w.WriteNumber("ts", now);
            w.WriteStartObject("user");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        var json = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        var invoked = new StoredEvent { InternalId = internalId, Id = internalId, Name = InternalEvents.FunctionInvoked, Ts = now, ReceivedAt = now, Json = json };
        var commit = new EventCommit();
        commit.Events.Add(invoked);
        var runId = planner.AddRun(function, invoked, [internalId], null, now, commit);
        await CommitAsync(commit, now, cancellationToken).ConfigureAwait(false);
        return (internalId, runId);
    }

    private async Task CommitAsync(EventCommit commit, long now, CancellationToken cancellationToken)
    {
        if (commit.Runs.Count == 0 && commit.Events.Count == 0)
        {
            return;
        }

        EventCommitResult? result = null;
        try
        {
            result = await store.CommitEventsAsync(commit, now, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            planner.Committed(commit, result);
        }

        if (result.CreatedRunIds.Count > 0)
        {
            signal.Signal();
        }

        notifications.PublishEvents([.. commit.Events.Select(e => e.InternalId)], result.CreatedRunIds);
    }
}
