using System.Buffers;
using System.Text;
using System.Text.Json;
using Steadfast.Clerk.Models;

namespace Steadfast.Clerk.Transforms;

/// <summary>The four arguments of <c>transform(evt, headers, queryParams, raw)</c>, as JSON text and a raw string.</summary>
internal sealed record TransformInput(string EventJson, string HeadersJson, string QueryJson, string Raw)
{
    public static TransformInput From(WebhookTransformRequest request)
    {
        var body = request.Body.Span;
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw new WebhookTransformException(WebhookTransformError.InvalidInput, "The webhook body is not valid UTF-8.");
        }

        var raw = Encoding.UTF8.GetString(body);
        string eventJson;
        if (raw.Length == 0)
        {
            // Bodiless webhooks (pings) still reach the transform, as an empty object.
            eventJson = "{}";
        }
        else
        {
            try
            {
                // Validated here (depth, duplicates) so the interpreter's own JSON parser only sees sane input.
                using var document = JsonDocument.Parse(request.Body, ClerkJson.DocumentOptions);
                eventJson = raw;
            }
            catch (JsonException exception)
            {
                throw new WebhookTransformException(WebhookTransformError.InvalidInput, $"The webhook body is not valid JSON: {exception.Message}", exception);
            }
        }

        return new TransformInput(eventJson, WriteHeaders(request.Headers), WriteQuery(request.QueryParameters), raw);
    }

    private static string WriteHeaders(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        // Repeated headers are joined with ", " (RFC 9110 field combination) under the canonical name.
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var key = HeaderCanonicalizer.Canonicalize(name);
            merged[key] = merged.TryGetValue(key, out var existing) ? existing + ", " + value : value;
        }

        return Write(writer =>
        {
            foreach (var (name, value) in merged)
            {
                writer.WriteString(name, value);
            }
        });
    }

    private static string WriteQuery(IReadOnlyDictionary<string, IReadOnlyList<string>> query) =>
        Write(writer =>
        {
            foreach (var (name, values) in query)
            {
                writer.WriteStartArray(name);
                foreach (var value in values)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
            }
        });

    private static string Write(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
