using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steadfast.Clerk.Models;

/// <content>Primary identifiers and parsing.</content>
public sealed partial class ClerkUser
{
    /// <summary>
    /// Gets the email address whose id equals <see cref="PrimaryEmailAddressId"/>. Never the first entry by position:
    /// null when the pointer is null or dangling (points at no entry), even if other addresses exist.
    /// </summary>
    [JsonIgnore]
    public ClerkEmailAddress? PrimaryEmail =>
        PrimaryEmailAddressId is { } id ? EmailAddresses.FirstOrDefault(e => e.Id == id) : null;

    /// <summary>Gets the address text of <see cref="PrimaryEmail"/>, or null.</summary>
    [JsonIgnore]
    public string? PrimaryEmailAddress => PrimaryEmail?.EmailAddress;

    /// <summary>Gets the phone number whose id equals <see cref="PrimaryPhoneNumberId"/>; null when null or dangling.</summary>
    [JsonIgnore]
    public ClerkPhoneNumber? PrimaryPhone =>
        PrimaryPhoneNumberId is { } id ? PhoneNumbers.FirstOrDefault(p => p.Id == id) : null;

    /// <summary>Parses the <c>data</c> element of a user event.</summary>
    /// <param name="data">The element.</param>
    /// <returns>The user.</returns>
    /// <exception cref="Events.ClerkPayloadException">The element is not an object of the User shape.</exception>
    public static ClerkUser FromData(JsonElement data) =>
        ClerkJson.DeserializeObject(data, ClerkJsonContext.Default.ClerkUser, "user");
}
