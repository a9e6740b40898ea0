using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Events;

/// <summary>An event as sent to <c>POST /e/{key}</c> and delivered to functions (reference §6).</summary>
public sealed class EventPayload
{
    /// <summary>The event name, e.g. <c>clerk/user.created</c>.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>The event data (an object).</summary>
    [JsonPropertyName("data")]
    public JsonElement Data { get; set; }

    /// <summary>Idempotency id; events with the same id start runs only once within 24 hours.</summary>
    [JsonPropertyName("id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; set; }

    /// <summary>Timestamp in unix milliseconds; the server fills it when absent.</summary>
    [JsonPropertyName("ts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Ts { get; set; }

    /// <summary>Optional schema version.</summary>
    [JsonPropertyName("v")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Version { get; set; }

    /// <summary>User data (legacy).</summary>
    [JsonPropertyName("user")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? User { get; set; }
}
