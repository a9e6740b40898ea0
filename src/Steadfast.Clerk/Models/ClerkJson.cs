using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Steadfast.Clerk.Events;

namespace Steadfast.Clerk.Models;

/// <summary>Parsing helpers that turn every parser failure into a <see cref="ClerkPayloadException"/>.</summary>
internal static class ClerkJson
{
    public static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public static T DeserializeObject<T>(JsonElement data, JsonTypeInfo<T> typeInfo, string what)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new ClerkPayloadException(ClerkPayloadError.MissingData, $"The {what} data is {Describe(data.ValueKind)}, not a JSON object.");
        }

        try
        {
            return data.Deserialize(typeInfo)
                ?? throw new ClerkPayloadException(ClerkPayloadError.MalformedData, $"The {what} data is null.");
        }
        catch (JsonException exception)
        {
            throw new ClerkPayloadException(ClerkPayloadError.MalformedData, $"The {what} data has an unexpected shape at {exception.Path}.", exception);
        }
    }

    public static ClerkWebhookEnvelope DeserializeEnvelope(ReadOnlySpan<byte> body)
    {
        EnsureUtf8(body);
        try
        {
            return JsonSerializer.Deserialize(body, ClerkJsonContext.Default.ClerkWebhookEnvelope)
                ?? throw new ClerkPayloadException(ClerkPayloadError.NotAnObject, "The webhook body is JSON null, not an object.");
        }
        catch (JsonException exception)
        {
            throw new ClerkPayloadException(ClerkPayloadError.MalformedJson, $"The webhook body is not a valid envelope: {exception.Message}", exception);
        }
    }

    public static void EnsureUtf8(ReadOnlySpan<byte> body)
    {
        if (!Utf8.IsValid(body))
        {
            throw new ClerkPayloadException(ClerkPayloadError.NotUtf8, "The webhook body is not valid UTF-8.");
        }
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Undefined => "missing",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a boolean",
    };
}
