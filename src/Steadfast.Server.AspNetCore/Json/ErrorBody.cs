using System.Text.Json.Serialization;

namespace Steadfast.Server.AspNetCore;

/// <summary>The JSON error body of every 4xx/5xx the server answers.</summary>
internal sealed class ErrorBody
{
    [JsonPropertyName("error")]
    public string Error { get; set; } = "";

    [JsonPropertyName("status")]
    public int Status { get; set; }
}
