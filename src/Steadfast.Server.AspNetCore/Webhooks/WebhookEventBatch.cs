using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Steadfast.Clerk.Transforms;

namespace Steadfast.Server.AspNetCore.Webhooks;

/// <summary>
/// Transformed events as the engine's ingestor takes them: one JSON array written straight from the events (each
/// <c>data</c> copied as its raw UTF-8 bytes, never re-encoded token by token) and parsed once. Dispose after the commit.
/// </summary>
internal sealed class WebhookEventBatch : IDisposable
{
    private readonly JsonDocument _document;

    private WebhookEventBatch(JsonDocument document, JsonElement[] events)
    {
        _document = document;
        Events = events;
    }

    public IReadOnlyList<JsonElement> Events { get; }

    public static WebhookEventBatch Create(IReadOnlyList<TransformedEvent> events)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + events.Sum(e => JsonMarshal.GetRawUtf8Value(e.Data).Length));
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            w.WriteStartArray();
            foreach (var e in events)
            {
                w.WriteStartObject();
                w.WriteString("name"u8, e.Name);
                w.WritePropertyName("data"u8);
                w.WriteRawValue(JsonMarshal.GetRawUtf8Value(e.Data), skipInputValidation: true);
                if (e.Id is { } id)
                {
                    w.WriteString("id"u8, id);
                }

                if (e.Ts is { } ts)
                {
                    w.WriteNumber("ts"u8, ts);
                }

                if (e.User is { } user)
                {
                    w.WritePropertyName("user"u8);
                    w.WriteRawValue(JsonMarshal.GetRawUtf8Value(user), skipInputValidation: true);
                }

                if (e.Version is { } version)
                {
                    w.WriteString("v"u8, version);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        // The array was written from already-parsed values, so this parse cannot fail; the document owns no pooled
        // memory of the caller's (the buffer is this method's own).
        var document = JsonDocument.Parse(buffer.WrittenMemory);
        var elements = new JsonElement[events.Count];
        var i = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            elements[i++] = element;
        }

        return new WebhookEventBatch(document, elements);
    }

    public void Dispose() => _document.Dispose();
}
