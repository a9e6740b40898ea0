using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Sync;

/// <summary>How a function is reached.</summary>
public sealed class StepRuntime
{
    /// <summary><c>http</c> (or <c>ws</c> for connect).</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "http";

    /// <summary>The serve URL with <c>fnId=&lt;composite id&gt;&amp;stepId=step</c>.</summary>
    [JsonPropertyName("url")]
    public string Url { get; set; } = "";
}
