using System.Text.Json.Serialization;

namespace Steadfast.Engine.Cron;

/// <summary>The <c>inngest/scheduled.timer</c> event.</summary>
internal sealed class ScheduledTimer
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("data")]
    public ScheduledTimerData Data { get; set; } = new();

    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("ts")]
    public long Ts { get; set; }

    [JsonPropertyName("user")]
    public Dictionary<string, string> User { get; set; } = [];
}

/// <summary>Its data.</summary>
internal sealed class ScheduledTimerData
{
    [JsonPropertyName("cron")]
    public string Cron { get; set; } = "";

    [JsonPropertyName("scheduledAt")]
    public string ScheduledAt { get; set; } = "";

    [JsonPropertyName("fireAt")]
    public string FireAt { get; set; } = "";
}

[JsonSerializable(typeof(ScheduledTimer))]
internal sealed partial class CronJsonContext : JsonSerializerContext;
