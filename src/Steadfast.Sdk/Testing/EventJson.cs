using System.Text.Json;
using Steadfast.Protocol.Events;
using Steadfast.Protocol.Json;

namespace Steadfast.Sdk.Testing;

/// <summary>Events as the engine stores and delivers them: with an id, a timestamp, <c>data</c> and <c>user</c> objects.</summary>
internal static class EventJson
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    public static EventPayload Normalize(EventPayload e, string id, TimeProvider time, string? defaultName = null) => new()
    {
        Name = string.IsNullOrEmpty(e.Name) ? defaultName ?? "" : e.Name,
        Data = e.Data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? EmptyObject : e.Data,
        Id = string.IsNullOrEmpty(e.Id) ? id : e.Id,
        Ts = e.Ts == 0 ? time.GetUtcNow().ToUnixTimeMilliseconds() : e.Ts,
        Version = e.Version,
        User = e.User ?? EmptyObject,
    };

    public static JsonElement ToJson(EventPayload e) => JsonSerializer.SerializeToElement(e, ProtocolJsonContext.Default.EventPayload);
}
