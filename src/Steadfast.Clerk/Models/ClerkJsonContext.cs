using System.Text.Json.Serialization;

namespace Steadfast.Clerk.Models;

/// <summary>
/// Source-generated System.Text.Json metadata for the Clerk models. Property names come from attributes, so the
/// models read the same under any options; unknown fields are ignored or kept as extension data.
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    AllowDuplicateProperties = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClerkWebhookEnvelope))]
[JsonSerializable(typeof(ClerkUser))]
[JsonSerializable(typeof(ClerkDeletedObject))]
public sealed partial class ClerkJsonContext : JsonSerializerContext;
