using System.Text.Json.Serialization;

namespace Steadfast.Clerk.Models;

/// <summary>A phone number of a Clerk user (<c>object: "phone_number"</c>).</summary>
public sealed class ClerkPhoneNumber
{
    /// <summary>Gets the identification id (<c>idn_...</c>), the value <see cref="ClerkUser.PrimaryPhoneNumberId"/> points to.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the object kind, <c>phone_number</c>.</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the number, E.164 style.</summary>
    [JsonPropertyName("phone_number")]
    public string? PhoneNumber { get; init; }

    /// <summary>Gets a value indicating whether the number is reserved for second factor.</summary>
    [JsonPropertyName("reserved_for_second_factor")]
    public bool ReservedForSecondFactor { get; init; }

    /// <summary>Gets a value indicating whether the number is the default second factor.</summary>
    [JsonPropertyName("default_second_factor")]
    public bool DefaultSecondFactor { get; init; }

    /// <summary>Gets a value indicating whether the number is reserved.</summary>
    [JsonPropertyName("reserved")]
    public bool Reserved { get; init; }

    /// <summary>Gets the verification; null when Clerk sends none.</summary>
    [JsonPropertyName("verification")]
    public ClerkVerification? Verification { get; init; }

    /// <summary>Gets the identifiers this number is linked to; empty when absent or null.</summary>
    [JsonPropertyName("linked_to")]
    public IReadOnlyList<ClerkLinkedIdentifier> LinkedTo { get => field ?? []; init; } = [];

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
