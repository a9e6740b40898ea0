using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Sync;

/// <summary>
/// One function of a sync body (reference §2.2). Flow-control settings are kept as raw JSON: the server validates and
/// interprets them; serve endpoints only produce them.
/// </summary>
public sealed class FunctionConfig
{
    /// <summary>The composite id, <c>&lt;appId&gt;-&lt;fnId&gt;</c>.</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    /// <summary>Display name.</summary>
    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; set; }

    /// <summary>Event and cron triggers (at most 10).</summary>
    [JsonPropertyName("triggers")]
    public List<TriggerConfig> Triggers { get; set; } = [];

    /// <summary>Exactly one entry, <c>step</c>, with the URL the server calls.</summary>
    [JsonPropertyName("steps")]
    public Dictionary<string, StepConfig> Steps { get; set; } = [];

    /// <summary>CEL idempotency key.</summary>
    [JsonPropertyName("idempotency")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Idempotency { get; set; }

    /// <summary><c>{maxSize, timeout, key?, if?}</c>.</summary>
    [JsonPropertyName("batchEvents")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? BatchEvents { get; set; }

    /// <summary><c>{limit, period, key?}</c>.</summary>
    [JsonPropertyName("rateLimit")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? RateLimit { get; set; }

    /// <summary><c>{limit, period, burst?, key?}</c>.</summary>
    [JsonPropertyName("throttle")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Throttle { get; set; }

    /// <summary>A number, <c>{limit, key?, scope?}</c>, or an array of one or two such.</summary>
    [JsonPropertyName("concurrency")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Concurrency { get; set; }

    /// <summary><c>{period, key?, timeout?}</c>.</summary>
    [JsonPropertyName("debounce")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Debounce { get; set; }

    /// <summary><c>{run?}</c>.</summary>
    [JsonPropertyName("priority")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Priority { get; set; }

    /// <summary><c>{start?, finish?}</c>.</summary>
    [JsonPropertyName("timeouts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Timeouts { get; set; }

    /// <summary><c>{mode, key?}</c>.</summary>
    [JsonPropertyName("singleton")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Singleton { get; set; }

    /// <summary><c>[{event, if?, timeout?}]</c>, at most 5.</summary>
    [JsonPropertyName("cancel")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Cancel { get; set; }

    /// <summary>Checkpoint settings (Go SDK only).</summary>
    [JsonPropertyName("checkpoint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Checkpoint { get; set; }
}
