using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Calls;

/// <summary>An error as the SDKs serialize it (reference §4.6).</summary>
public sealed class SerializedError
{
    /// <summary>Error type name, e.g. <c>Error</c> or <c>NonRetriableError</c>.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = "Error";

    /// <summary>The message.</summary>
    [JsonPropertyName("message")]
    public string Message { get; set; } = "";

    /// <summary>Stack trace text.</summary>
    [JsonPropertyName("stack")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Stack { get; set; }

    /// <summary>Marker the JS SDK adds.</summary>
    [JsonPropertyName("__serialized")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Serialized { get; set; }

    /// <summary>Optional cause, serialized recursively.</summary>
    [JsonPropertyName("cause")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Cause { get; set; }

    /// <summary>Optional structured data.</summary>
    [JsonPropertyName("data")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Data { get; set; }

    /// <summary>Creates an error from its name and message.</summary>
    public static SerializedError Create(string name, string message, string? stack = null) =>
        new() { Name = name, Message = message, Stack = stack, Serialized = true };

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Message}";
}
