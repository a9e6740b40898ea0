using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Steadfast.Engine.Events;

namespace Steadfast.Server.AspNetCore.Endpoints;

/// <summary><c>POST /e/{eventKey}</c>: Inngest's event API (reference §6.1).</summary>
internal static class EventApiEndpoints
{
    public static async Task ReceiveAsync(HttpContext http, string eventKey, EventIngestor ingestor, SteadfastServerOptions options)
    {
        if (options.Mode == ServerMode.Start && !options.EventKeys.Contains(eventKey))
        {
            await JsonWriting.WriteAsync(http, 401, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("status", 401);
                w.WriteString("message", "");
                w.WriteString("error", "Event key not found");
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }

        if (http.Request.ContentLength is { } declared && declared > options.MaxRequestBytes)
        {
            await JsonWriting.ErrorAsync(http, 413, $"the request body is larger than {options.MaxRequestBytes} bytes").ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(http, options.MaxRequestBytes).ConfigureAwait(false);
        if (body is null)
        {
            await JsonWriting.ErrorAsync(http, 413, $"the request body is larger than {options.MaxRequestBytes} bytes").ConfigureAwait(false);
            return;
        }

        try
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(body.WrittenMemory, new JsonDocumentOptions { MaxDepth = 128 });
            }
            catch (JsonException ex)
            {
                await JsonWriting.ErrorAsync(http, 400, $"the body is not valid JSON: {ex.Message}").ConfigureAwait(false);
                return;
            }

            using (doc)
            {
                var root = doc.RootElement;
                IReadOnlyList<JsonElement> events = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : [root];
                if (events.Count == 0)
                {
                    await WriteIdsAsync(http, []).ConfigureAwait(false);
                    return;
                }

                try
                {
                    var ids = await ingestor.IngestAsync(events, http.Request.Headers["x-inngest-event-id-seed"].ToString(), http.RequestAborted).ConfigureAwait(false);
                    await WriteIdsAsync(http, ids).ConfigureAwait(false);
                }
                catch (EventRejectedException ex)
                {
                    await JsonWriting.WriteAsync(http, ex.StatusCode, w =>
                    {
                        w.WriteStartObject();
                        w.WriteStartArray("ids");
                        w.WriteEndArray();
                        w.WriteNumber("status", ex.StatusCode);
                        w.WriteString("error", ex.Message);
                        w.WriteEndObject();
                    }).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            body.Clear();
        }
    }

    private static Task WriteIdsAsync(HttpContext http, IReadOnlyList<string> ids) =>
        JsonWriting.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("ids");
            foreach (var id in ids)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
            w.WriteNumber("status", 200);
            w.WriteEndObject();
        });

    private static async Task<ArrayBufferWriter<byte>?> ReadBodyAsync(HttpContext http, long max)
    {
        var feature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = max + 1;
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(http.Request.ContentLength ?? 4096, max) + 1);
        var stream = http.Request.Body;
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            int read;
            try
            {
                read = await stream.ReadAsync(memory, http.RequestAborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == 413)
            {
                return null;
            }

            if (read == 0)
            {
                return buffer;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > max)
            {
                return null;
            }
        }
    }
}
