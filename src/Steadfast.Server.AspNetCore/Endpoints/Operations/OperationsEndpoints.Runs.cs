using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Steadfast.Engine.Runs;
using Steadfast.Engine.Storage;

namespace Steadfast.Server.AspNetCore.Endpoints.Operations;

internal static partial class OperationsEndpoints
{
    private static readonly RunStatus[] Active = [RunStatus.Queued, RunStatus.Running];

    /// <summary><c>GET /v1/runs/{id}/detail</c>: the run, its events and its history in one answer (three queries).</summary>
    public static async Task RunDetailAsync(HttpContext http, string runId, IEngineStore store, TimeProvider time)
    {
        var run = await store.GetRunAsync(runId, http.RequestAborted).ConfigureAwait(false);
        if (run is null)
        {
            await JsonWriting.ErrorAsync(http, 404, $"run {runId} not found").ConfigureAwait(false);
            return;
        }

        var trigger = await store.GetEventAsync(run.EventId, http.RequestAborted).ConfigureAwait(false);
        var history = await store.GetHistoryAsync(runId, http.RequestAborted).ConfigureAwait(false);
        await JsonWriting.WriteAsync(http, 200, w => JsonWriting.Envelope(w, time, d =>
        {
            d.WriteStartObject();
            d.WritePropertyName("run");
            JsonWriting.Run(d, run);
            d.WritePropertyName("event");
            if (trigger is null)
            {
                d.WriteNullValue();
            }
            else
            {
                JsonWriting.Event(d, trigger);
            }

            d.WriteStartArray("history");
            foreach (var h in history)
            {
                JsonWriting.History(d, h);
            }

            d.WriteEndArray();
            d.WriteEndObject();
        })).ConfigureAwait(false);
    }

    /// <summary><c>POST /v1/runs/{id}/cancel</c>: the dashboard's cancel (same as <c>DELETE /v1/runs/{id}</c>).</summary>
    public static Task CancelRunAsync(HttpContext http, string runId, IEngineStore store, RunExecutor executor, TimeProvider time) =>
        RestEndpoints.CancelRunAsync(http, runId, store, executor, time);

    /// <summary>
    /// <c>POST /v1/runs/{id}/rerun</c>, body optional <c>{"from_step": "&lt;hashed step id&gt;"}</c>: a new run of the same
    /// function with the same events. With <c>from_step</c>, the new run starts with the original run's memoized steps
    /// that completed before that step, so execution resumes at it.
    /// </summary>
    public static async Task RerunAsync(HttpContext http, string runId, IEngineStore store, RunLauncher launcher, TimeProvider time)
    {
        using var body = await ReadBodyAsync(http).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        var fromStep = GetString(body.RootElement, "from_step");
        var state = await store.LoadRunStateAsync(runId, http.RequestAborted).ConfigureAwait(false);
        if (state is null)
        {
            await JsonWriting.ErrorAsync(http, 404, $"run {runId} not found").ConfigureAwait(false);
            return;
        }

        IReadOnlyList<(string StepId, string Json)> seed = [];
        if (fromStep is not null)
        {
            var index = state.Steps.ToList().FindIndex(s => s.StepId == fromStep);
            if (index < 0)
            {
                await JsonWriting.ErrorAsync(http, 400, $"run {runId} has no memoized step {fromStep}; rerun from one of its completed or failed steps").ConfigureAwait(false);
                return;
            }

            seed = [.. state.Steps.Take(index)];
        }

        var trigger = await store.GetEventAsync(state.Run.EventId, http.RequestAborted).ConfigureAwait(false);
        if (trigger is null)
        {
            await JsonWriting.ErrorAsync(http, 409, $"the event {state.Run.EventId} of run {runId} is no longer stored").ConfigureAwait(false);
            return;
        }

        var created = await launcher.RerunAsync([new RunLauncher.Rerun(state.Run, trigger, seed)], http.RequestAborted).ConfigureAwait(false);
        if (created[0] is not { } newRunId)
        {
            await JsonWriting.ErrorAsync(http, 409, $"function {state.Run.FunctionId} is no longer registered").ConfigureAwait(false);
            return;
        }

        await JsonWriting.WriteAsync(http, 201, w => JsonWriting.Envelope(w, time, d =>
        {
            d.WriteStartObject();
            d.WriteString("run_id", newRunId);
            d.WriteString("rerun_of", runId);
            d.WriteString("from_step", fromStep);
            d.WriteNumber("seeded_steps", seed.Count);
            d.WriteEndObject();
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /v1/runs/bulk/cancel {"function_id", "since", "until"}</c>: cancels the function's queued and running runs
    /// created in the window (at most <see cref="BulkLimit"/> per request).
    /// </summary>
    public static async Task BulkCancelAsync(HttpContext http, IEngineStore store, RunExecutor executor, TimeProvider time)
    {
        var query = await ReadBulkQueryAsync(http, Active).ConfigureAwait(false);
        if (query is null)
        {
            return;
        }

        var (runs, more) = await CollectAsync(store, query, http.RequestAborted).ConfigureAwait(false);
        var cancelled = 0;
        foreach (var run in runs)
        {
            if (await executor.CancelAsync(run.RunId, "Cancelled in bulk from the dashboard", http.RequestAborted).ConfigureAwait(false))
            {
                cancelled++;
            }
        }

        await WriteBulkAsync(http, time, runs.Count, cancelled, more, []).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /v1/runs/bulk/rerun {"function_id", "since", "until", "status": ["Failed"]}</c>: reruns the function's
    /// runs in the window with those statuses (default failed) — "replay failed runs" — in commits of 500 runs.
    /// </summary>
    public static async Task BulkRerunAsync(HttpContext http, IEngineStore store, RunLauncher launcher, TimeProvider time)
    {
        var query = await ReadBulkQueryAsync(http, [RunStatus.Failed]).ConfigureAwait(false);
        if (query is null)
        {
            return;
        }

        var (runs, more) = await CollectAsync(store, query, http.RequestAborted).ConfigureAwait(false);
        var created = new List<string>(runs.Count);
        foreach (var chunk in runs.Chunk(500))
        {
            var reruns = new List<RunLauncher.Rerun>(chunk.Length);
            foreach (var run in chunk)
            {
                // Triggers are needed only for cancelOn pauses; the run's own event is fetched by its primary key.
                if (await store.GetEventAsync(run.EventId, http.RequestAborted).ConfigureAwait(false) is { } trigger)
                {
                    reruns.Add(new RunLauncher.Rerun(run, trigger, []));
                }
            }

            foreach (var id in await launcher.RerunAsync(reruns, http.RequestAborted).ConfigureAwait(false))
            {
                if (id is not null)
                {
                    created.Add(id);
                }
            }
        }

        await WriteBulkAsync(http, time, runs.Count, created.Count, more, created).ConfigureAwait(false);
    }

    private static async Task<RunQuery?> ReadBulkQueryAsync(HttpContext http, IReadOnlyList<RunStatus> defaultStatuses)
    {
        using var body = await ReadBodyAsync(http).ConfigureAwait(false);
        if (body is null)
        {
            return null;
        }

        var root = body.RootElement;
        var functionId = GetString(root, "function_id");
        if (functionId is null || !TryTime(root, "since", out var since) || !TryTime(root, "until", out var until))
        {
            await JsonWriting.ErrorAsync(http, 400, "the body must be {\"function_id\": \"...\", \"since\": <time>, \"until\": <time>} (times as RFC 3339 or unix ms; both optional)").ConfigureAwait(false);
            return null;
        }

        var statuses = defaultStatuses;
        if (root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Array)
        {
            var list = new List<RunStatus>();
            foreach (var item in s.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || !Enum.TryParse<RunStatus>(item.GetString(), true, out var parsed) || !Enum.IsDefined(parsed))
                {
                    await JsonWriting.ErrorAsync(http, 400, "status holds Queued|Running|Completed|Failed|Cancelled").ConfigureAwait(false);
                    return null;
                }

                list.Add(parsed);
            }

            statuses = list;
        }

        return new RunQuery { FunctionId = functionId, Since = since, Until = until, Statuses = statuses, Limit = 1000 };
    }

    /// <summary>Pages through the query with its cursor, up to <see cref="BulkLimit"/> runs.</summary>
    private static async Task<(List<RunRecord> Runs, bool More)> CollectAsync(IEngineStore store, RunQuery query, CancellationToken cancellationToken)
    {
        var runs = new List<RunRecord>();
        while (true)
        {
            var page = await store.ListRunsAsync(query, cancellationToken).ConfigureAwait(false);
            var room = BulkLimit - runs.Count;
            runs.AddRange(page.Take(room));
            if (page.Count < query.Limit)
            {
                return (runs, false);
            }

            if (page.Count >= room)
            {
                return (runs, true);
            }

            query = query with { Cursor = page[^1].RunId };
        }
    }

    private static Task WriteBulkAsync(HttpContext http, TimeProvider time, int matched, int affected, bool more, IReadOnlyList<string> runIds) =>
        JsonWriting.WriteAsync(http, 200, w => JsonWriting.Envelope(w, time, d =>
        {
            d.WriteStartObject();
            d.WriteNumber("matched", matched);
            d.WriteNumber("affected", affected);
            d.WriteBoolean("more", more);
            d.WriteStartArray("run_ids");
            foreach (var id in runIds)
            {
                d.WriteStringValue(id);
            }

            d.WriteEndArray();
            d.WriteEndObject();
        }));
}
