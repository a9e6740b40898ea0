using System.Globalization;
using Microsoft.AspNetCore.Http;
using Steadfast.Engine.Runs;
using Steadfast.Engine.Storage;

namespace Steadfast.Server.AspNetCore.Endpoints;

/// <summary>The REST read API (reference §9.10) in Inngest's <c>{"data":…,"metadata":…}</c> envelope.</summary>
internal static class RestEndpoints
{
    public static async Task GetRunAsync(HttpContext http, string runId, IEngineStore store, TimeProvider time)
    {
        var run = await store.GetRunAsync(runId, http.RequestAborted).ConfigureAwait(false);
        if (run is null)
        {
            await JsonWriting.ErrorAsync(http, 404, $"run {runId} not found").ConfigureAwait(false);
            return;
        }

        await JsonWriting.WriteAsync(http, 200, w => JsonWriting.Envelope(w, time, d => JsonWriting.Run(d, run))).ConfigureAwait(false);
    }

    public static async Task GetRunHistoryAsync(HttpContext http, string runId, IEngineStore store, TimeProvider time)
    {
        var history = await store.GetHistoryAsync(runId, http.RequestAborted).ConfigureAwait(false);
        await JsonWriting.WriteAsync(http, 200, w => JsonWriting.Envelope(w, time, d =>
        {
            d.WriteStartArray();
            foreach (var h in history)
            {
                JsonWriting.History(d, h);
            }

            d.WriteEndArray();
        })).ConfigureAwait(false);
    }

    public static async Task CancelRunAsync(HttpContext http, string runId, IEngineStore store, RunExecutor executor, TimeProvider time)
    {
        var run = await store.GetRunAsync(runId, http.RequestAborted).ConfigureAwait(false);
        if (run is null)
        {
            await JsonWriting.ErrorAsync(http, 404, $"run {runId} not found").ConfigureAwait(false);
            return;
        }

        if (!await executor.CancelAsync(runId, "Cancelled through the REST API", http.RequestAborted).ConfigureAwait(false))
        {
            await JsonWriting.ErrorAsync(http, 409, $"run {runId} has already ended ({run.Status})").ConfigureAwait(false);
            return;
        }

        var cancelled = await store.GetRunAsync(runId, http.RequestAborted).ConfigureAwait(false);
        await JsonWriting.WriteAsync(http, 200, w => JsonWriting.Envelope(w, time, d => JsonWriting.Run(d, cancelled!))).ConfigureAwait(false);
    }

    public static async Task ListRunsAsync(HttpContext http, IEngineStore store, TimeProvider time)
    {
        var q = http.Request.Query;
        if (!TryLimit(q["limit"], out var limit) || !TryTime(q["since"], out var since) || !TryTime(q["until"], out var until) || !TryStatuses(q["status"], out var statuses))
        {
            await JsonWriting.ErrorAsync(http, 400, "invalid query: limit is 1–1000, since/until are RFC 3339 times or unix ms, status is Queued|Running|Completed|Failed|Cancelled").ConfigureAwait(false);
            return;
        }

        var runs = await store.ListRunsAsync(new RunQuery
        {
            FunctionId = Nullable(q["function_id"]),
            EventId = Nullable(q["event_id"]),
            Statuses = statuses,
            Since = since,
            Until = until,
            Cursor = Nullable(q["cursor"]),
            Limit = limit,
        }, http.RequestAborted).ConfigureAwait(false);
        await WriteRunsAsync(http, runs, limit, time).ConfigureAwait(false);
    }

    public static async Task ListEventRunsAsync(HttpContext http, string eventId, IEngineStore store, TimeProvider time)
    {
        var runs = await store.ListRunsAsync(new RunQuery { EventId = eventId, Limit = 1000 }, http.RequestAborted).ConfigureAwait(false);
        await WriteRunsAsync(http, runs, 1000, time).ConfigureAwait(false);
    }

    public static async Task GetEventAsync(HttpContext http, string eventId, IEngineStore store, TimeProvider time)
    {
        var e = await store.GetEventAsync(eventId, http.RequestAborted).ConfigureAwait(false);
        if (e is null)
        {
            await JsonWriting.ErrorAsync(http, 404, $"event {eventId} not found").ConfigureAwait(false);
            return;
        }

        await JsonWriting.WriteAsync(http, 200, w => JsonWriting.Envelope(w, time, d => JsonWriting.Event(d, e))).ConfigureAwait(false);
    }

    public static async Task ListEventsAsync(HttpContext http, IEngineStore store, TimeProvider time)
    {
        var q = http.Request.Query;
        if (!TryLimit(q["limit"], out var limit) || !TryTime(q["since"], out var since) || !TryTime(q["until"], out var until))
        {
            await JsonWriting.ErrorAsync(http, 400, "invalid query: limit is 1–1000, since/until are RFC 3339 times or unix ms").ConfigureAwait(false);
            return;
        }

        var events = await store.ListEventsAsync(new EventQuery
        {
            Name = Nullable(q["name"]),
            Since = since,
            Until = until,
            Cursor = Nullable(q["cursor"]),
            IncludeInternal = q["include_internal"] != "false",
            Limit = limit,
        }, http.RequestAborted).ConfigureAwait(false);
        await JsonWriting.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            foreach (var e in events)
            {
                JsonWriting.Event(w, e);
            }

            w.WriteEndArray();
            w.WriteStartObject("metadata");
            w.WriteString("fetched_at", time.GetUtcNow());
            w.WriteString("next_cursor", events.Count == limit ? events[^1].InternalId : null);
            w.WriteEndObject();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static Task WriteRunsAsync(HttpContext http, IReadOnlyList<RunRecord> runs, int limit, TimeProvider time) =>
        JsonWriting.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            foreach (var r in runs)
            {
                JsonWriting.Run(w, r);
            }

            w.WriteEndArray();
            w.WriteStartObject("metadata");
            w.WriteString("fetched_at", time.GetUtcNow());
            w.WriteString("next_cursor", runs.Count == limit ? runs[^1].RunId : null);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static string? Nullable(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool TryLimit(string? value, out int limit)
    {
        limit = 50;
        return string.IsNullOrEmpty(value) || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= 1000);
    }

    /// <summary>Parses a query time: unix milliseconds or an RFC 3339 time; empty means none.</summary>
    internal static bool TryTime(string? value, out long? ms)
    {
        ms = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            ms = n;
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            ms = t.ToUnixTimeMilliseconds();
            return true;
        }

        return false;
    }

    private static bool TryStatuses(string? value, out IReadOnlyList<RunStatus>? statuses)
    {
        statuses = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        var list = new List<RunStatus>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<RunStatus>(part, ignoreCase: true, out var s) || !Enum.IsDefined(s))
            {
                return false;
            }

            list.Add(s);
        }

        statuses = list;
        return true;
    }
}
