using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Calls;

/// <summary>The unhashed step id as the user wrote it, and its collision index.</summary>
public sealed class Userland
{
    /// <summary>The user's step id.</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    /// <summary>Collision index (0 for the first use, omitted then).</summary>
    [JsonPropertyName("index")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Index { get; set; }
}
