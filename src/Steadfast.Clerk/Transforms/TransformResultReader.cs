using System.Text;
using System.Text.Json;
using Steadfast.Clerk.Models;

namespace Steadfast.Clerk.Transforms;

/// <summary>Validates the JSON a transform returned and turns it into events.</summary>
internal static class TransformResultReader
{
    private const int MaxNameLength = 256;

    public static IReadOnlyList<TransformedEvent> Read(string? json, JavaScriptTransformOptions options)
    {
        if (json is null)
        {
            throw Invalid("The transform returned undefined or a function; it must return an event object or an array of them.");
        }

        if (Encoding.UTF8.GetByteCount(json) > options.MaxResultBytes)
        {
            throw Invalid($"The transform result is larger than {options.MaxResultBytes} bytes.");
        }

        using var document = JsonDocument.Parse(json, ClerkJson.DocumentOptions);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            if (root.GetArrayLength() > options.MaxEvents)
            {
                throw Invalid($"The transform returned more than {options.MaxEvents} events.");
            }

            return [.. root.EnumerateArray().Select((e, i) => ReadEvent(e, $"event #{i}"))];
        }

        return [ReadEvent(root, "the result")];
    }

    private static TransformedEvent ReadEvent(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"The transform returned {ClerkJson.Describe(element.ValueKind)} as {what}; expected an event object.");
        }

        if (!element.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 and <= MaxNameLength } eventName)
        {
            throw Invalid($"The transform returned no \"name\" string (1–{MaxNameLength} characters) in {what}.");
        }

        var data = element.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null ? d : default;
        if (data.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
        {
            throw Invalid($"The \"data\" of {what} is {ClerkJson.Describe(data.ValueKind)}; it must be an object.");
        }

        return new TransformedEvent(
            eventName,
            data.ValueKind == JsonValueKind.Object ? data.Clone() : EmptyObject(),
            OptionalString(element, "id", what),
            OptionalTimestamp(element, what))
        {
            User = element.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object ? user.Clone() : null,
            Version = OptionalString(element, "v", what),
        };
    }

    private static string? OptionalString(JsonElement element, string property, string what)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw Invalid($"The \"{property}\" of {what} is {ClerkJson.Describe(value.ValueKind)}; it must be a string.");
    }

    private static long? OptionalTimestamp(JsonElement element, string what)
    {
        if (!element.TryGetProperty("ts", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // JS numbers are doubles: evt.created_at * 1000 may carry a fraction, so whole milliseconds are taken.
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var ms) && ms > 0 && ms < 1e15)
        {
            return (long)Math.Floor(ms);
        }

        throw Invalid($"The \"ts\" of {what} is not a positive number of milliseconds.");
    }

    private static JsonElement EmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }

    private static WebhookTransformException Invalid(string message) => new(WebhookTransformError.InvalidResult, message);
}
