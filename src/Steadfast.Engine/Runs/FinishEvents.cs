using System.Buffers;
using System.Text;
using System.Text.Json;
using Steadfast.Engine.Events;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Events;
using Steadfast.Protocol.Ids;

namespace Steadfast.Engine.Runs;

/// <summary>Builds the internal events emitted when a run ends (reference §6.3) and the runs they start (onFailure).</summary>
internal sealed class FinishEvents(RunPlanner planner, UlidGenerator ids)
{
    public EventCommit Build(RunRecord run, IReadOnlyList<string> eventsJson, RunStatus status, string outputJson, long now)
    {
        var commit = new EventCommit();
        var resultKey = status == RunStatus.Completed ? "result" : "error";
        Add(commit, InternalEvents.FunctionFinished, null, run, eventsJson, status, resultKey, outputJson, now);
        if (status == RunStatus.Failed)
        {
            Add(commit, InternalEvents.FunctionFailed, run.RunId, run, eventsJson, status, resultKey, outputJson, now);
        }
        else if (status == RunStatus.Cancelled)
        {
            Add(commit, InternalEvents.FunctionCancelled, run.RunId, run, eventsJson, status, resultKey, outputJson, now);
        }

        return commit;
    }

    /// <summary>The invoke correlation id of an <c>inngest/function.invoked</c> trigger, if any.</summary>
    private static string? CorrelationId(IReadOnlyList<string> eventsJson)
    {
        if (eventsJson.Count == 0 || !eventsJson[0].Contains("\"correlation_id\"", StringComparison.Ordinal))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(eventsJson[0]);
        return doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object &&
            data.TryGetProperty("_inngest", out var meta) && meta.ValueKind == JsonValueKind.Object &&
            meta.TryGetProperty("correlation_id", out var c) && c.ValueKind == JsonValueKind.String
            ? c.GetString()
            : null;
    }

    private void Add(EventCommit commit, string name, string? id, RunRecord run, IReadOnlyList<string> eventsJson, RunStatus status, string resultKey, string outputJson, long now)
    {
        var internalId = ids.Next();
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteStartObject("data");
            w.WriteString("function_id", run.FunctionId);
            w.WriteString("run_id", run.RunId);
            if (CorrelationId(eventsJson) is { } correlation)
            {
                w.WriteString("correlation_id", correlation);
            }
            w.WritePropertyName("event");
            w.WriteRawValue(eventsJson.Count > 0 ? eventsJson[0] : "{}", skipInputValidation: true);
            w.WriteStartArray("events");
            foreach (var e in eventsJson)
            {
                w.WriteRawValue(e, skipInputValidation: true);
            }

            w.WriteEndArray();
            w.WritePropertyName(resultKey);
            w.WriteRawValue(outputJson, skipInputValidation: true);
            w.WriteStartObject("_inngest");
            w.WriteString("status", status.ToString());
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("id", id ?? internalId);
            w.WriteNumber("ts", now);
            w.WriteStartObject("user");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        var stored = new StoredEvent { InternalId = internalId, Id = id ?? internalId, Name = name, Ts = now, ReceivedAt = now, Json = json };
        using var doc = JsonDocument.Parse(json);
        planner.Plan(stored, doc.RootElement, now, commit);
    }
}
