using System.Text.Json.Serialization;

namespace Steadfast.Clerk.Models;

/// <summary>An email address of a Clerk user (<c>object: "email_address"</c>).</summary>
public sealed class ClerkEmailAddress
{
    /// <summary>Gets the identification id (<c>idn_...</c>), the value <see cref="ClerkUser.PrimaryEmailAddressId"/> points to.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the object kind, <c>email_address</c>.</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the address itself.</summary>
    [JsonPropertyName("email_address")]
    public string? EmailAddress { get; init; }

    /// <summary>Gets a value indicating whether the address is reserved.</summary>
    [JsonPropertyName("reserved")]
    public bool Reserved { get; init; }

    /// <summary>Gets the verification; null when Clerk sends none.</summary>
    [JsonPropertyName("verification")]
    public ClerkVerification? Verification { get; init; }

    /// <summary>Gets the identifiers this address is linked to; empty when absent or null.</summary>
    [JsonPropertyName("linked_to")]
    public IReadOnlyList<ClerkLinkedIdentifier> LinkedTo { get => field ?? []; init; } = [];

    /// <summary>Gets a value indicating whether the address matches an SSO connection.</summary>
    [JsonPropertyName("matches_sso_connection")]
    public bool MatchesSsoConnection { get; init; }

    /// <summary>Gets the creation time, Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long? CreatedAt { get; init; }

    /// <summary>Gets the last update time, Unix milliseconds.</summary>
    [JsonPropertyName("updated_at")]
    public long? UpdatedAt { get; init; }

    /// <summary>Gets a value indicating whether the verification status is <c>verified</c>.</summary>
    [JsonIgnore]
    public bool IsVerified => Verification?.IsVerified == true;
}
