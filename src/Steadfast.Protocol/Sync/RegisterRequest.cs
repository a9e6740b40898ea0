using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Sync;

/// <summary>The body of an out-of-band sync, <c>POST /fn/register</c> (reference §2.2). Unknown keys are ignored.</summary>
public sealed class RegisterRequest
{
    /// <summary>The serve URL the server calls.</summary>
    [JsonPropertyName("url")]
    public string Url { get; set; } = "";

    /// <summary>Always <c>ping</c>.</summary>
    [JsonPropertyName("deployType")]
    public string DeployType { get; set; } = "ping";

    /// <summary>The framework adapter, e.g. <c>express</c> or <c>aspnetcore</c>.</summary>
    [JsonPropertyName("framework")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Framework { get; set; }

    /// <summary>The app id. Required.</summary>
    [JsonPropertyName("appName")]
    public string AppName { get; set; } = "";

    /// <summary>The app's version string, if set.</summary>
    [JsonPropertyName("appVersion")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AppVersion { get; set; }

    /// <summary>The functions.</summary>
    [JsonPropertyName("functions")]
    public List<FunctionConfig> Functions { get; set; } = [];

    /// <summary><c>&lt;lang&gt;:v&lt;version&gt;</c>, e.g. <c>js:v4.24.0</c>.</summary>
    [JsonPropertyName("sdk")]
    public string Sdk { get; set; } = "";

    /// <summary>Registration schema version, <c>0.1</c>.</summary>
    [JsonPropertyName("v")]
    public string V { get; set; } = "0.1";

    /// <summary>The deploy id copied from the PUT's <c>deployId</c> query parameter.</summary>
    [JsonPropertyName("deployId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DeployId { get; set; }

    /// <summary>SDK capabilities, e.g. <c>{"trust_probe":"v1"}</c>.</summary>
    [JsonPropertyName("capabilities")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Capabilities { get; set; }

    /// <summary>Opaque SDK telemetry; ignored by the server and excluded from the checksum.</summary>
    [JsonPropertyName("featureObservations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? FeatureObservations { get; set; }
}
