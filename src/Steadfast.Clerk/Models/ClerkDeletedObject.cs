using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steadfast.Clerk.Models;

/// <summary>
/// The <c>data</c> of <c>*.deleted</c> events: <c>{"deleted": true, "id": "user_...", "object": "user"}</c>, plus
/// <c>external_id</c> (users) or <c>slug</c> (organizations) when set. It carries no <c>updated_at</c>: order deletions
/// by the envelope timestamp.
/// </summary>
public sealed class ClerkDeletedObject
{
    /// <summary>Gets the id of the deleted object; treat null as malformed.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the kind of the deleted object, e.g. <c>user</c>.</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets a value indicating whether the object was deleted (always true in practice).</summary>
    [JsonPropertyName("deleted")]
    public bool Deleted { get; init; }

    /// <summary>Gets the external id of a deleted user, when one was set.</summary>
    [JsonPropertyName("external_id")]
    public string? ExternalId { get; init; }

    /// <summary>Gets the slug of a deleted organization, when sent.</summary>
    [JsonPropertyName("slug")]
    public string? Slug { get; init; }

    /// <summary>Parses the <c>data</c> element of a deleted event.</summary>
    /// <param name="data">The element.</param>
    /// <returns>The deleted object.</returns>
    /// <exception cref="Events.ClerkPayloadException">The element is not an object of the expected shape.</exception>
    public static ClerkDeletedObject FromData(JsonElement data) =>
        ClerkJson.DeserializeObject(data, ClerkJsonContext.Default.ClerkDeletedObject, "deleted object");
}
