using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Steadfast.Clerk.AspNetCore;

namespace Steadfast.Dashboard;

/// <summary>Writes <c>GET /v1/webhooks</c>: outcome counters and the recent rejections of the Clerk webhook endpoint.</summary>
internal static class WebhookLogWriter
{
    public static IResult Write(HttpContext http, WebhookDeliveryLog? log)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("data");
            w.WriteBoolean("available", log is not null);
            if (log is not null)
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

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Results.Bytes(buffer.WrittenMemory.ToArray(), "application/json");
    }
}
