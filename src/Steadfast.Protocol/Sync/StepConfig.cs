using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Sync;

/// <summary>The <c>steps.step</c> entry of a function: where and how the server calls it.</summary>
public sealed class StepConfig
{
    /// <summary>Always <c>step</c>.</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = "step";

    /// <summary>Always <c>step</c>.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = "step";

    /// <summary>The runtime: <c>{type:"http", url}</c>.</summary>
    [JsonPropertyName("runtime")]
    public StepRuntime Runtime { get; set; } = new();

    /// <summary>Retries; absent means the server default (4).</summary>
    [JsonPropertyName("retries")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StepRetries? Retries { get; set; }
}
