using System.Text.Json.Serialization;

namespace Steadfast.Clerk.Models;

/// <summary>The request that caused a Clerk event.</summary>
public sealed class ClerkHttpRequestAttributes
{
    /// <summary>Gets the client IP address.</summary>
    [JsonPropertyName("client_ip")]
    public string? ClientIp { get; init; }

    /// <summary>Gets the client user agent.</summary>
    [JsonPropertyName("user_agent")]
    public string? UserAgent { get; init; }
}
