using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Calls;

/// <summary>The body of a call from the server to a function (reference §3.2).</summary>
public sealed class CallRequest
{
    /// <summary>The first triggering event (events[0] for batches).</summary>
    [JsonPropertyName("event")]
    public JsonElement Event { get; set; }

    /// <summary>All triggering events.</summary>
    [JsonPropertyName("events")]
    public IReadOnlyList<JsonElement> Events { get; set; } = [];

    /// <summary>Memoized step results by hashed id (§4.4).</summary>
    [JsonPropertyName("steps")]
    public IReadOnlyDictionary<string, JsonElement> Steps { get; set; } = new Dictionary<string, JsonElement>();

    /// <summary>Call context.</summary>
    [JsonPropertyName("ctx")]
    public CallContext Ctx { get; set; } = new();

    /// <summary>Request/execution version: -1 on the first call, then what the SDK answered.</summary>
    [JsonPropertyName("version")]
    public int Version { get; set; } = -1;

    /// <summary>Legacy duplicate of <see cref="CallContext.UseApi"/>.</summary>
    [JsonPropertyName("use_api")]
    public bool UseApi { get; set; }
}
