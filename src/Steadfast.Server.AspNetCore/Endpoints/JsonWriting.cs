using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Steadfast.Engine.Storage;

namespace Steadfast.Server.AspNetCore.Endpoints;

/// <summary>Writes JSON responses with <see cref="Utf8JsonWriter"/>, embedding stored JSON without re-parsing it.</summary>
internal static class JsonWriting
{
    public static async Task WriteAsync(HttpContext http, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = buffer.WrittenCount;
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted).ConfigureAwait(false);
    }

    public static Task ErrorAsync(HttpContext http, int status, string message) =>
        WriteAsync(http, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteNumber("status", status);
            w.WriteEndObject();
        });

    public static void Envelope(Utf8JsonWriter w, TimeProvider time, Action<Utf8JsonWriter> data)
    {
        w.WriteStartObject();
        w.WritePropertyName("data");
        data(w);
        w.WriteStartObject("metadata");
        w.WriteString("fetched_at", time.GetUtcNow());
        w.WriteNull("cached_until");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void Raw(Utf8JsonWriter w, string? json)
    {
        if (json is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteRawValue(json, skipInputValidation: true);
        }
    }

    public static void Run(Utf8JsonWriter w, RunRecord run)
    {
        w.WriteStartObject();
        w.WriteString("run_id", run.RunId);
        w.WriteString("run_started_at", DateTimeOffset.FromUnixTimeMilliseconds(run.CreatedAt));
        w.WriteString("function_id", run.FunctionId);
        w.WriteNumber("function_version", 1);
        w.WriteString("environment_id", "local");
        w.WriteString("event_id", run.EventId);
        w.WriteStartArray("event_ids");
        foreach (var id in run.EventIds)
        {
            w.WriteStringValue(id);
        }

        w.WriteEndArray();
        w.WriteString("status", run.Status == RunStatus.Queued ? "Running" : run.Status.ToString());
        w.WriteString("state", run.Status.ToString());
        if (run.EndedAt is { } ended)
        {
            w.WriteString("ended_at", DateTimeOffset.FromUnixTimeMilliseconds(ended));
        }
        else
        {
            w.WriteNull("ended_at");
        }

        w.WritePropertyName("output");
        Raw(w, run.Output);
        w.WriteNumber("step_count", run.StepCount);
        w.WriteEndObject();
    }

    public static void Event(Utf8JsonWriter w, StoredEvent e)
    {
        w.WriteStartObject();
        w.WriteString("internal_id", e.InternalId);
        w.WriteString("id", e.Id);
        w.WriteString("name", e.Name);
        w.WriteNumber("ts", e.Ts);
        w.WriteString("received_at", DateTimeOffset.FromUnixTimeMilliseconds(e.ReceivedAt));
        using (var doc = JsonDocument.Parse(e.Json))
        {
            w.WritePropertyName("data");
            doc.RootElement.GetProperty("data").WriteTo(w);
        }

        w.WritePropertyName("event");
        Raw(w, e.Json);
        w.WriteEndObject();
    }

    public static void History(Utf8JsonWriter w, HistoryEntry h)
    {
        w.WriteStartObject();
        w.WriteString("type", h.Type);
        w.WriteString("at", DateTimeOffset.FromUnixTimeMilliseconds(h.At));
        w.WriteString("step_id", h.StepId);
        w.WriteString("step_name", h.StepName);
        w.WriteNumber("attempt", h.Attempt);
        w.WritePropertyName("detail");
        Raw(w, h.Json);
        w.WriteEndObject();
    }
}
