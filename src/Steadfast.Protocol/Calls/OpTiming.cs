using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Calls;

/// <summary>Step timing: <c>a</c> = start, <c>b</c> = duration, both in nanoseconds.</summary>
public sealed class OpTiming
{
    /// <summary>Start in unix nanoseconds.</summary>
    [JsonPropertyName("a")]
    public long Start { get; set; }

    /// <summary>Duration in nanoseconds.</summary>
    [JsonPropertyName("b")]
    public long Duration { get; set; }
}
