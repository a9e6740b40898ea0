using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steadfast.Clerk.Models;

/// <summary>An OAuth account linked to a Clerk user (<c>object</c> is <c>external_account</c>, <c>google_account</c>, ...).</summary>
public sealed class ClerkExternalAccount
{
    /// <summary>Gets the id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the object kind, e.g. <c>google_account</c>.</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the provider, e.g. <c>oauth_google</c>.</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    /// <summary>Gets the identification id this account is linked through.</summary>
    [JsonPropertyName("identification_id")]
    public string? IdentificationId { get; init; }

    /// <summary>Gets the user id at the provider.</summary>
    [JsonPropertyName("provider_user_id")]
    public string? ProviderUserId { get; init; }

    /// <summary>Gets the approved scopes, space-separated.</summary>
    [JsonPropertyName("approved_scopes")]
    public string? ApprovedScopes { get; init; }

    /// <summary>Gets the email address reported by the provider.</summary>
    [JsonPropertyName("email_address")]
    public string? EmailAddress { get; init; }

    /// <summary>Gets whether the provider reports the email as verified, when it says.</summary>
    [JsonPropertyName("email_address_verified")]
    public bool? EmailAddressVerified { get; init; }

    /// <summary>Gets the first name at the provider.</summary>
    [JsonPropertyName("first_name")]
    public string? FirstName { get; init; }

    /// <summary>Gets the last name at the provider.</summary>
    [JsonPropertyName("last_name")]
    public string? LastName { get; init; }

    /// <summary>Gets the avatar URL at the provider.</summary>
    [JsonPropertyName("image_url")]
    public string? ImageUrl { get; init; }

    /// <summary>Gets the username at the provider.</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>Gets the phone number at the provider.</summary>
    [JsonPropertyName("phone_number")]
    public string? PhoneNumber { get; init; }

    /// <summary>Gets the public metadata, unparsed (kind Undefined when absent).</summary>
    [JsonPropertyName("public_metadata")]
    public JsonElement PublicMetadata { get; init; }

    /// <summary>Gets the label.</summary>
    [JsonPropertyName("label")]
    public string? Label { get; init; }

    /// <summary>Gets the <c>eac_...</c> id Clerk adds for some providers.</summary>
    [JsonPropertyName("external_account_id")]
    public string? ExternalAccountId { get; init; }

    /// <summary>Gets the verification.</summary>
    [JsonPropertyName("verification")]
    public ClerkVerification? Verification { get; init; }

    /// <summary>Gets the creation time, Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long? CreatedAt { get; init; }

    /// <summary>Gets the last update time, Unix milliseconds.</summary>
    [JsonPropertyName("updated_at")]
    public long? UpdatedAt { get; init; }
}
