using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Sync;

/// <summary>An event trigger <c>{event, expression?}</c> or a cron trigger <c>{cron, jitter?}</c>.</summary>
public sealed class TriggerConfig
{
    /// <summary>Event name, possibly with <c>*</c> wildcards.</summary>
    [JsonPropertyName("event")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Event { get; set; }

    /// <summary>CEL filter over <c>event</c>.</summary>
    [JsonPropertyName("expression")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Expression { get; set; }

    /// <summary>Cron schedule, optionally prefixed <c>TZ=&lt;zone&gt; </c>.</summary>
    [JsonPropertyName("cron")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Cron { get; set; }

    /// <summary>Cron jitter (time string, 1 s–5 min).</summary>
    [JsonPropertyName("jitter")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Jitter { get; set; }
}
