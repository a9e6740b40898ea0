using System.Text.Json.Serialization;

namespace Steadfast.Clerk.AspNetCore;

/// <summary>The body of a 200: the committed event's id in the event API's shape, plus its name.</summary>
internal sealed record ClerkWebhookAccepted(
    [property: JsonPropertyName("ids")] IReadOnlyList<string> Ids,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] int Status);

/// <summary>The body of a rejection: a description and a machine-readable reason.</summary>
internal sealed record ClerkWebhookRejected(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("status")] int Status);

[JsonSerializable(typeof(ClerkWebhookAccepted))]
[JsonSerializable(typeof(ClerkWebhookRejected))]
internal sealed partial class ClerkWebhookJsonContext : JsonSerializerContext;
