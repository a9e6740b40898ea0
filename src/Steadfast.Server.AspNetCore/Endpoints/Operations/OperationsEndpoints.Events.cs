using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Steadfast.Engine.Events;
using Steadfast.Engine.Storage;

namespace Steadfast.Server.AspNetCore.Endpoints.Operations;

internal static partial class OperationsEndpoints
{
    /// <summary>
    /// <c>GET /v1/feed</c>: a page of events (filters as <c>GET /v1/events</c>) each with the runs it started, in two
    /// queries whatever the page size (events, then runs of those events).
    /// </summary>
    public static async Task FeedAsync(HttpContext http, IEngineStore store, TimeProvider time)
    {
        var q = http.Request.Query;
        var limit = 50;
        if ((q["limit"].ToString() is { Length: > 0 } l && (!int.TryParse(l, out limit) || limit is < 1 or > 200))
            || !RestEndpoints.TryTime(q["since"], out var since) || !RestEndpoints.TryTime(q["until"], out var until))
        {
            await JsonWriting.ErrorAsync(http, 400, "invalid query: limit is 1–200, since/until are RFC 3339 times or unix ms").ConfigureAwait(false);
            return;
        }

        var events = await store.ListEventsAsync(new EventQuery
        {
            Name = q["name"].ToString() is { Length: > 0 } n ? n : null,
            Since = since,
            Until = until,
            Cursor = q["cursor"].ToString() is { Length: > 0 } c ? c : null,
            IncludeInternal = q["include_internal"] == "true",
            Limit = limit,
        }, http.RequestAborted).ConfigureAwait(false);
        var runs = events.Count == 0
            ? []
            : await store.ListRunsAsync(new RunQuery { EventIds = [.. events.Select(e => e.InternalId)], Limit = 1000 }, http.RequestAborted).ConfigureAwait(false);
        var byEvent = runs.ToLookup(r => r.EventId, StringComparer.Ordinal);
        await JsonWriting.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            foreach (var e in events)
            {
                w.WriteStartObject();
                w.WritePropertyName("event");
                JsonWriting.Event(w, e);
                w.WriteStartArray("runs");
                foreach (var r in byEvent[e.InternalId].OrderBy(r => r.RunId, StringComparer.Ordinal))
                {
                    JsonWriting.Run(w, r);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("metadata");
            w.WriteString("fetched_at", time.GetUtcNow());
            w.WriteString("next_cursor", events.Count == limit ? events[^1].InternalId : null);
            w.WriteEndObject();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary><c>POST /v1/events</c>: sends one event or an array, like the event API but with the dashboard's credential instead of an event key.</summary>
    public static async Task SendEventAsync(HttpContext http, EventIngestor ingestor, IEngineStore store, TimeProvider time)
    {
        using var body = await ReadBodyAsync(http).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        var root = body.RootElement;
        IReadOnlyList<JsonElement> events = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : [root];
        await IngestAndAnswerAsync(http, ingestor, store, time, events, null).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /v1/events/{id}/replay</c>, body optional <c>{"data": {...}}</c> (edit and replay; <c>name</c> may change
    /// too): stores a copy of the event with a new internal id and fans it out again. The copy's <c>id</c> is its new
    /// internal id, not the sender's id, so function idempotency (function + event id) never suppresses a replay: each
    /// replay is a deliberate new delivery. The copy keeps <c>user</c> and gets a new <c>ts</c>.
    /// </summary>
    public static async Task ReplayEventAsync(HttpContext http, string eventId, EventIngestor ingestor, IEngineStore store, TimeProvider time)
    {
        using var body = await ReadBodyAsync(http).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        var original = await store.GetEventAsync(eventId, http.RequestAborted).ConfigureAwait(false);
        if (original is null)
        {
            await JsonWriting.ErrorAsync(http, 404, $"event {eventId} not found").ConfigureAwait(false);
            return;
        }

        var edit = body.RootElement;
        if (edit.ValueKind != JsonValueKind.Object)
        {
            await JsonWriting.ErrorAsync(http, 400, "the body must be an object: {\"data\": {...}} to edit, or empty to replay as is").ConfigureAwait(false);
            return;
        }

        using var source = JsonDocument.Parse(original.Json);
        var copy = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["name"] = edit.TryGetProperty("name", out var name) ? name : source.RootElement.GetProperty("name"),
            ["data"] = edit.TryGetProperty("data", out var data) ? data : source.RootElement.GetProperty("data"),
        };
        if (source.RootElement.TryGetProperty("user", out var user))
        {
            copy["user"] = user;
        }

        var element = JsonSerializer.SerializeToElement(copy, OperationsJsonContext.Default.DictionaryStringJsonElement);
        await IngestAndAnswerAsync(http, ingestor, store, time, [element], original.InternalId).ConfigureAwait(false);
    }

    private static async Task IngestAndAnswerAsync(HttpContext http, EventIngestor ingestor, IEngineStore store, TimeProvider time, IReadOnlyList<JsonElement> events, string? replayOf)
    {
        IReadOnlyList<string> ids;
        try
        {
            ids = await ingestor.IngestAsync(events, cancellationToken: http.RequestAborted).ConfigureAwait(false);
        }
        catch (EventRejectedException e)
        {
            await JsonWriting.ErrorAsync(http, e.StatusCode, e.Message).ConfigureAwait(false);
            return;
        }

        var runs = await store.ListRunsAsync(new RunQuery { EventIds = ids, Limit = 1000 }, http.RequestAborted).ConfigureAwait(false);
        await JsonWriting.WriteAsync(http, 201, w => JsonWriting.Envelope(w, time, d =>
        {
            d.WriteStartObject();
            d.WriteStartArray("event_ids");
            foreach (var id in ids)
            {
                d.WriteStringValue(id);
            }

            d.WriteEndArray();
            d.WriteString("replay_of", replayOf);
            d.WriteStartArray("run_ids");
            foreach (var r in runs.OrderBy(r => r.RunId, StringComparer.Ordinal))
            {
                d.WriteStringValue(r.RunId);
            }

            d.WriteEndArray();
            d.WriteEndObject();
        })).ConfigureAwait(false);
    }
}
