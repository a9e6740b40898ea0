using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Events;

/// <summary>The event API response: <c>{"ids":[...],"status":200}</c>.</summary>
public sealed class SendEventsResponse
{
    /// <summary>Internal ids of the accepted events, in request order.</summary>
    [JsonPropertyName("ids")]
    public IReadOnlyList<string> Ids { get; set; } = [];

    /// <summary>Status; the JS SDK requires 200.</summary>
    [JsonPropertyName("status")]
    public int Status { get; set; } = 200;

    /// <summary>Error text when not accepted.</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; set; }
}
