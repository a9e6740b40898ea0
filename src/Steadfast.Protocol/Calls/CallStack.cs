using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Calls;

/// <summary>The stack of completed step ids, in completion order.</summary>
public sealed class CallStack
{
    /// <summary>Hashed step ids in completion order.</summary>
    [JsonPropertyName("stack")]
    public IReadOnlyList<string> Stack { get; set; } = [];

    /// <summary>Index after the step this call follows.</summary>
    [JsonPropertyName("current")]
    public int Current { get; set; }
}
