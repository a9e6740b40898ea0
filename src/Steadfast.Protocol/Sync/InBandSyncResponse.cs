using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Sync;

/// <summary>What an SDK answers to an in-band sync PUT (reference §2.3).</summary>
public sealed class InBandSyncResponse
{
    /// <summary>The app id.</summary>
    [JsonPropertyName("app_id")]
    public string AppId { get; set; } = "";

    /// <summary>The app version, if set.</summary>
    [JsonPropertyName("appVersion")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AppVersion { get; set; }

    /// <summary>SDK capabilities.</summary>
    [JsonPropertyName("capabilities")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Capabilities { get; set; }

    /// <summary>The environment name, or null.</summary>
    [JsonPropertyName("env")]
    public string? Env { get; set; }

    /// <summary>The framework adapter.</summary>
    [JsonPropertyName("framework")]
    public string Framework { get; set; } = "";

    /// <summary>The functions.</summary>
    [JsonPropertyName("functions")]
    public List<FunctionConfig> Functions { get; set; } = [];

    /// <summary>The introspection body (§2.5); opaque to the server.</summary>
    [JsonPropertyName("inspection")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Inspection { get; set; }

    /// <summary>The hosting platform, if detected.</summary>
    [JsonPropertyName("platform")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Platform { get; set; }

    /// <summary>SDK author, e.g. <c>inngest</c>.</summary>
    [JsonPropertyName("sdk_author")]
    public string SdkAuthor { get; set; } = "";

    /// <summary>SDK language, e.g. <c>js</c> (empty unless the request was authenticated).</summary>
    [JsonPropertyName("sdk_language")]
    public string SdkLanguage { get; set; } = "";

    /// <summary>SDK version, e.g. <c>4.24.0</c>.</summary>
    [JsonPropertyName("sdk_version")]
    public string SdkVersion { get; set; } = "";

    /// <summary><c>&lt;lang&gt;:v&lt;version&gt;</c>.</summary>
    [JsonPropertyName("sdk")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sdk { get; set; }

    /// <summary>The URL the server should call.</summary>
    [JsonPropertyName("url")]
    public string Url { get; set; } = "";
}
