using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steadfast.Clerk.Models;

/// <summary>
/// The Clerk User object, the <c>data</c> of <c>user.created</c> and <c>user.updated</c> (always a full snapshot).
/// Nullable fields stay null (never the string "null"); missing or null arrays read as empty; unknown fields are kept
/// in <see cref="AdditionalProperties"/>.
/// </summary>
public sealed partial class ClerkUser
{
    /// <summary>Gets the user id, e.g. <c>user_29w83sxmDNGwOuEthce5gg56FcC</c>.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the object kind, <c>user</c>.</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the external id set by the application, if any.</summary>
    [JsonPropertyName("external_id")]
    public string? ExternalId { get; init; }

    /// <summary>Gets the username; null for most sign-ups.</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>Gets the first name; nullable.</summary>
    [JsonPropertyName("first_name")]
    public string? FirstName { get; init; }

    /// <summary>Gets the last name; nullable.</summary>
    [JsonPropertyName("last_name")]
    public string? LastName { get; init; }

    /// <summary>Gets the locale (BCP-47), if set.</summary>
    [JsonPropertyName("locale")]
    public string? Locale { get; init; }

    /// <summary>Gets the avatar URL.</summary>
    [JsonPropertyName("image_url")]
    public string? ImageUrl { get; init; }

    /// <summary>Gets the deprecated profile image URL.</summary>
    [JsonPropertyName("profile_image_url")]
    public string? ProfileImageUrl { get; init; }

    /// <summary>Gets a value indicating whether the user uploaded an image.</summary>
    [JsonPropertyName("has_image")]
    public bool HasImage { get; init; }

    /// <summary>Gets the id of the primary email address in <see cref="EmailAddresses"/>; null when the user has none.</summary>
    [JsonPropertyName("primary_email_address_id")]
    public string? PrimaryEmailAddressId { get; init; }

    /// <summary>Gets the id of the primary phone number in <see cref="PhoneNumbers"/>.</summary>
    [JsonPropertyName("primary_phone_number_id")]
    public string? PrimaryPhoneNumberId { get; init; }

    /// <summary>Gets the id of the primary web3 wallet.</summary>
    [JsonPropertyName("primary_web3_wallet_id")]
    public string? PrimaryWeb3WalletId { get; init; }

    /// <summary>Gets the email addresses, in Clerk's order (which says nothing about which is primary).</summary>
    [JsonPropertyName("email_addresses")]
    public IReadOnlyList<ClerkEmailAddress> EmailAddresses { get => field ?? []; init; } = [];

    /// <summary>Gets the phone numbers.</summary>
    [JsonPropertyName("phone_numbers")]
    public IReadOnlyList<ClerkPhoneNumber> PhoneNumbers { get => field ?? []; init; } = [];

    /// <summary>Gets the linked OAuth accounts.</summary>
    [JsonPropertyName("external_accounts")]
    public IReadOnlyList<ClerkExternalAccount> ExternalAccounts { get => field ?? []; init; } = [];

    /// <summary>Gets the public metadata, unparsed (kind Undefined when absent, Null when null).</summary>
    [JsonPropertyName("public_metadata")]
    public JsonElement PublicMetadata { get; init; }

    /// <summary>Gets the private metadata, unparsed; may be null. Do not persist unless required.</summary>
    [JsonPropertyName("private_metadata")]
    public JsonElement PrivateMetadata { get; init; }

    /// <summary>Gets the unsafe metadata, unparsed. Writable by the user from the frontend: treat as untrusted.</summary>
    [JsonPropertyName("unsafe_metadata")]
    public JsonElement UnsafeMetadata { get; init; }

    /// <summary>Gets a value indicating whether the user has a password.</summary>
    [JsonPropertyName("password_enabled")]
    public bool PasswordEnabled { get; init; }

    /// <summary>Gets a value indicating whether two-factor authentication is on.</summary>
    [JsonPropertyName("two_factor_enabled")]
    public bool TwoFactorEnabled { get; init; }

    /// <summary>Gets a value indicating whether TOTP is on.</summary>
    [JsonPropertyName("totp_enabled")]
    public bool TotpEnabled { get; init; }

    /// <summary>Gets a value indicating whether backup codes are on.</summary>
    [JsonPropertyName("backup_code_enabled")]
    public bool BackupCodeEnabled { get; init; }

    /// <summary>Gets a value indicating whether the user is banned.</summary>
    [JsonPropertyName("banned")]
    public bool Banned { get; init; }

    /// <summary>Gets a value indicating whether the user is locked.</summary>
    [JsonPropertyName("locked")]
    public bool Locked { get; init; }

    /// <summary>Gets the creation time, Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long? CreatedAt { get; init; }

    /// <summary>Gets the last update time, Unix milliseconds: the last-writer-wins key for syncing.</summary>
    [JsonPropertyName("updated_at")]
    public long? UpdatedAt { get; init; }

    /// <summary>Gets the last sign-in time, Unix milliseconds.</summary>
    [JsonPropertyName("last_sign_in_at")]
    public long? LastSignInAt { get; init; }

    /// <summary>Gets the last activity time (day precision), Unix milliseconds.</summary>
    [JsonPropertyName("last_active_at")]
    public long? LastActiveAt { get; init; }

    /// <summary>Gets when the user accepted the legal terms, Unix milliseconds.</summary>
    [JsonPropertyName("legal_accepted_at")]
    public long? LegalAcceptedAt { get; init; }

    /// <summary>Gets the fields this type does not model (passkeys, web3 wallets, legacy <c>birthday</c>/<c>gender</c>, ...).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
