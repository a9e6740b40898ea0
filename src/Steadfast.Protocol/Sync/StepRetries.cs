using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Sync;

/// <summary><c>retries</c> of a step config.</summary>
public sealed class StepRetries
{
    /// <summary>The retry count (the user's <c>retries</c>, 0–20), not the number of attempts.</summary>
    [JsonPropertyName("attempts")]
    public int Attempts { get; set; }
}
