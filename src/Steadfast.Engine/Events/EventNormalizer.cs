using System.Buffers;
using System.Text;
using System.Text.Json;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Events;

namespace Steadfast.Engine.Events;

/// <summary>
/// Validates and normalizes incoming events as Inngest does (reference §6.1): name required and not reserved,
/// data an object (default <c>{}</c>, <c>data._inngest</c> removed), ts defaulted to now and within 1980–2100,
/// user defaulted to <c>{}</c>, size bounded.
/// </summary>
internal static class EventNormalizer
{
    private static readonly long MinTs = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly long MaxTs = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Checks one event; throws <see cref="EventRejectedException"/> with the reason.</summary>
    public static void Validate(JsonElement e, int index, int maxBytes, bool allowInternal)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new EventRejectedException(400, $"event {index}: an event must be a JSON object");
        }

        if (maxBytes > 0 && e.GetRawText().Length > maxBytes)
        {
            throw new EventRejectedException(413, $"event {index}: the event is larger than {maxBytes} bytes");
        }

        if (!e.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
        {
            throw new EventRejectedException(400, $"event {index}: the event name is required and must be a non-empty string");
        }

        var n = name.GetString()!;
        if (n.Length > 512)
        {
            throw new EventRejectedException(400, $"event {index}: the event name is longer than 512 characters");
        }

        if (!allowInternal && InternalEvents.IsReserved(n))
        {
            throw new EventRejectedException(400, $"event name is reserved for internal use: {n}");
        }

        if (e.TryGetProperty("data", out var data) && data.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            throw new EventRejectedException(400, $"event {index}: data must be an object");
        }

        if (e.TryGetProperty("user", out var user) && user.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            throw new EventRejectedException(400, $"event {index}: user must be an object");
        }

        if (e.TryGetProperty("id", out var id) && id.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw new EventRejectedException(400, $"event {index}: id must be a string");
        }

        if (id.ValueKind == JsonValueKind.String && id.GetString()!.Length > 512)
        {
            throw new EventRejectedException(400, $"event {index}: id is longer than 512 characters");
        }

        if (e.TryGetProperty("ts", out var ts) && ts.ValueKind != JsonValueKind.Null)
        {
            if (ts.ValueKind != JsonValueKind.Number || !ts.TryGetInt64(out var ms))
            {
                throw new EventRejectedException(400, $"event {index}: ts must be an integer number of milliseconds");
            }

            if (ms != 0 && (ms < MinTs || ms > MaxTs))
            {
                throw new EventRejectedException(400, $"event {index}: ts {ms} is outside 1980–2100 (milliseconds since the epoch)");
            }
        }

        if (e.TryGetProperty("v", out var v) && v.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw new EventRejectedException(400, $"event {index}: v must be a string");
        }
    }

    /// <summary>Builds the stored form of a validated event.</summary>
    public static StoredEvent Normalize(JsonElement e, string internalId, long now)
    {
        var name = e.GetProperty("name").GetString()!;
        var id = e.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.String && idEl.GetString()!.Length > 0 ? idEl.GetString()! : internalId;
        var ts = e.TryGetProperty("ts", out var tsEl) && tsEl.ValueKind == JsonValueKind.Number && tsEl.TryGetInt64(out var t) && t != 0 ? t : now;

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WritePropertyName("data");
            if (e.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                if (data.TryGetProperty("_inngest", out _))
                {
                    w.WriteStartObject();
                    foreach (var p in data.EnumerateObject())
                    {
                        if (p.Name != "_inngest")
                        {
                            p.WriteTo(w);
                        }
                    }

                    w.WriteEndObject();
                }
                else
                {
                    data.WriteTo(w);
                }
            }
            else
            {
                w.WriteStartObject();
                w.WriteEndObject();
            }

            w.WriteString("id", id);
            w.WriteNumber("ts", ts);
            w.WritePropertyName("user");
            if (e.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object)
            {
                user.WriteTo(w);
            }
            else
            {
                w.WriteStartObject();
                w.WriteEndObject();
            }

            if (e.TryGetProperty("v", out var v) && v.ValueKind == JsonValueKind.String)
            {
                w.WriteString("v", v.GetString());
            }

            w.WriteEndObject();
        }

        return new StoredEvent
        {
            InternalId = internalId,
            Id = id,
            Name = name,
            Ts = ts,
            ReceivedAt = now,
            Json = Encoding.UTF8.GetString(buffer.WrittenSpan),
        };
    }
}
