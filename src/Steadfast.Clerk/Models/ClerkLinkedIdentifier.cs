using System.Text.Json.Serialization;

namespace Steadfast.Clerk.Models;

/// <summary>A link from an identifier to another one, e.g. an email address linked to a Google account.</summary>
public sealed class ClerkLinkedIdentifier
{
    /// <summary>Gets the link type, e.g. <c>oauth_google</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>Gets the id of the linked identification.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }
}
