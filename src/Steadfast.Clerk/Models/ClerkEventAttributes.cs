using System.Text.Json.Serialization;

namespace Steadfast.Clerk.Models;

/// <summary>The envelope's optional <c>event_attributes</c> (absent in the legacy shape).</summary>
public sealed class ClerkEventAttributes
{
    /// <summary>Gets the originating HTTP request, when known.</summary>
    [JsonPropertyName("http_request")]
    public ClerkHttpRequestAttributes? HttpRequest { get; init; }
}
