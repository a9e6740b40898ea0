using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Sync;

/// <summary>
/// The server's reply to <c>POST /fn/register</c>. The JS SDK reads <c>status</c> and <c>error</c> from the body (not the
/// HTTP status), plus <c>modified</c> and <c>skipped</c>.
/// </summary>
public sealed class RegisterResponse
{
    /// <summary>True on success.</summary>
    [JsonPropertyName("ok")]
    public bool Ok { get; set; }

    /// <summary>The status the SDK relays to the PUT caller.</summary>
    [JsonPropertyName("status")]
    public int Status { get; set; } = 200;

    /// <summary>The error message on failure (the SDK shows "Successfully registered" when absent).</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; set; }

    /// <summary>A machine-readable error code, e.g. <c>sdk_version_denied</c>.</summary>
    [JsonPropertyName("code")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; set; }

    /// <summary>False when the configuration equals the last successful sync.</summary>
    [JsonPropertyName("modified")]
    public bool Modified { get; set; }

    /// <summary>True when the sync was skipped.</summary>
    [JsonPropertyName("skipped")]
    public bool Skipped { get; set; }

    /// <summary>The app's id.</summary>
    [JsonPropertyName("app_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AppId { get; set; }

    /// <summary>This sync's id.</summary>
    [JsonPropertyName("sync_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SyncId { get; set; }
}
