using System.Text.Json.Serialization;

namespace Steadfast.Clerk.AspNetCore;

/// <summary>
/// The body of a 200: the committed events' ids in the event API's shape, the name when there is exactly one event,
/// and how many events the source's allow-list dropped when any were.
/// </summary>
internal sealed record WebhookAcceptedBody(
    [property: JsonPropertyName("ids")] IReadOnlyList<string> Ids,
    [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonPropertyName("filtered"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Filtered,
    [property: JsonPropertyName("status")] int Status);

/// <summary>The body of a rejection: a description and a machine-readable reason.</summary>
internal sealed record WebhookRejectedBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("status")] int Status);

[JsonSerializable(typeof(WebhookAcceptedBody))]
[JsonSerializable(typeof(WebhookRejectedBody))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
