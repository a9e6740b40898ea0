using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Calls;

/// <summary>A generator opcode reported by an SDK (reference §4.2).</summary>
public sealed class Opcode
{
    /// <summary>The opcode name, see <see cref="OpcodeNames"/>.</summary>
    [JsonPropertyName("op")]
    public string Op { get; set; } = "";

    /// <summary>The hashed step id.</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    /// <summary>Legacy name: the step id for runs, the duration for Sleep, the event for WaitForEvent.</summary>
    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; set; }

    /// <summary>The user-visible name.</summary>
    [JsonPropertyName("displayName")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DisplayName { get; set; }

    /// <summary>Op options.</summary>
    [JsonPropertyName("opts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Opts { get; set; }

    /// <summary>The result (StepRun) or null.</summary>
    [JsonPropertyName("data")]
    public JsonElement? Data { get; set; }

    /// <summary>The serialized error (StepError, StepFailed).</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SerializedError? Error { get; set; }

    /// <summary>The unhashed user id and collision index.</summary>
    [JsonPropertyName("userland")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Userland? Userland { get; set; }

    /// <summary>Start and duration in unix nanoseconds.</summary>
    [JsonPropertyName("timing")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OpTiming? Timing { get; set; }

    /// <summary>Reads a string option from <see cref="Opts"/>.</summary>
    public string? GetOption(string name) =>
        Opts is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}
