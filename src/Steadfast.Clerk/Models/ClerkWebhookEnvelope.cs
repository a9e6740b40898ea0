using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steadfast.Clerk.Models;

/// <summary>
/// The body of every Clerk webhook: <c>{"data": ..., "object": "event", "type": "user.created", "timestamp": ...,
/// "instance_id": "ins_...", "event_attributes": {...}}</c>. <see cref="Data"/> stays unparsed; read it with
/// <see cref="ClerkUser.FromData"/> or <see cref="ClerkDeletedObject.FromData"/> according to <see cref="Type"/>.
/// </summary>
public sealed class ClerkWebhookEnvelope
{
    /// <summary>Gets the event type, e.g. <c>user.created</c> or <c>organizationMembership.created</c> (case as sent).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>Gets the object kind, <c>event</c>.</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the resource the event is about, unparsed.</summary>
    [JsonPropertyName("data")]
    public JsonElement Data { get; init; }

    /// <summary>Gets when the event occurred, Unix milliseconds per Clerk's docs (see <see cref="Events.ClerkEventMapper"/> for unit checks).</summary>
    [JsonPropertyName("timestamp")]
    public long? Timestamp { get; init; }

    /// <summary>Gets the Clerk instance id (<c>ins_...</c>).</summary>
    [JsonPropertyName("instance_id")]
    public string? InstanceId { get; init; }

    /// <summary>Gets the event attributes; null in the legacy shape.</summary>
    [JsonPropertyName("event_attributes")]
    public ClerkEventAttributes? EventAttributes { get; init; }

    /// <summary>Gets fields of the envelope this type does not model.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>Parses a webhook body (strict UTF-8 JSON, duplicate keys rejected). <see cref="Data"/> outlives the input.</summary>
    /// <param name="body">The raw body bytes.</param>
    /// <returns>The envelope.</returns>
    /// <exception cref="Events.ClerkPayloadException">The body is not UTF-8 JSON of the envelope shape.</exception>
    public static ClerkWebhookEnvelope Parse(ReadOnlySpan<byte> body) => ClerkJson.DeserializeEnvelope(body);
}
