using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Steadfast.Clerk.AspNetCore;

namespace Steadfast.Dashboard;

/// <summary>
/// Writes <c>GET /v1/webhooks</c>: the server's webhook sources (where they listen, how they verify and transform,
/// outcome counters and recent rejections) and the application's Clerk endpoint log when one runs in this host.
/// Secrets and source keys are never written.
/// </summary>
internal static class WebhookLogWriter
{
    public static IResult Write(WebhookDeliveryLog? endpoint, IWebhookSourceDirectory? directory)
    {
        var sources = directory?.Sources ?? [];
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("data");
            w.WriteBoolean("available", endpoint is not null || sources.Count > 0);
            w.WriteStartArray("sources");
            foreach (var source in sources)
            {
                w.WriteStartObject();
                w.WriteString("name", source.Name);
                w.WriteString("path", source.Path);
                w.WriteString("verification", source.Verification);
                w.WriteNumber("secrets", source.SecretCount);
                w.WriteString("transform", source.Transform);
                w.WriteString("transform_file", source.TransformFile);
                w.WriteNumber("max_body_bytes", source.MaxBodyBytes);
                w.WriteStartArray("allowed_events");
                foreach (var pattern in source.AllowedEvents)
                {
                    w.WriteStringValue(pattern);
                }

                w.WriteEndArray();
                w.WriteBoolean("has_key", source.HasKey);
                WriteLog(w, source.Deliveries);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("unknown_source_requests", directory?.UnknownSourceRequests ?? 0);
            w.WritePropertyName("endpoint");
            if (endpoint is null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteStartObject();
                WriteLog(w, endpoint);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Results.Bytes(buffer.WrittenMemory.ToArray(), "application/json");
    }

    private static void WriteLog(Utf8JsonWriter w, WebhookDeliveryLog log)
    {
        w.WriteStartObject("counts");
        foreach (var outcome in Enum.GetValues<WebhookDeliveryOutcome>())
        {
            w.WriteNumber(outcome.ToString(), log.Count(outcome));
        }

        w.WriteEndObject();
        w.WriteStartArray("rejections");
        foreach (var d in log.RecentRejections())
        {
            w.WriteStartObject();
            w.WriteString("at", d.Timestamp);
            w.WriteString("svix_id", d.SvixId);
            w.WriteString("outcome", d.Outcome.ToString());
            w.WriteNumber("status", d.StatusCode);
            w.WriteString("reason", d.Reason);
            w.WriteString("message", d.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
