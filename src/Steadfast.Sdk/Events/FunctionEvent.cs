using System.Text.Json;

namespace Steadfast.Sdk;

/// <summary>An event as a function receives it.</summary>
public class FunctionEvent
{
    private readonly JsonSerializerOptions _json;

    internal FunctionEvent(JsonElement raw, JsonSerializerOptions json)
    {
        Raw = raw;
        _json = json;
        Name = raw.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
        Id = raw.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : "";
        Timestamp = raw.TryGetProperty("ts", out var t) && t.TryGetInt64(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : default;
        RawData = raw.TryGetProperty("data", out var d) ? d : default;
    }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>The event id (the sender's id, or the internal ULID).</summary>
    public string Id { get; }

    /// <summary>When the event happened.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The <c>data</c> object as JSON.</summary>
    public JsonElement RawData { get; }

    /// <summary>The whole event as JSON.</summary>
    public JsonElement Raw { get; }

    /// <summary>Deserializes <c>data</c> as <typeparamref name="T"/>.</summary>
    public T? DataAs<T>() => RawData.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? default : RawData.Deserialize<T>(_json);
}

/// <summary>An event with typed <c>data</c>.</summary>
/// <typeparam name="TData">The data type.</typeparam>
public sealed class FunctionEvent<TData> : FunctionEvent
{
    private TData? _data;
    private bool _parsed;

    internal FunctionEvent(JsonElement raw, JsonSerializerOptions json)
        : base(raw, json)
    {
    }

    /// <summary>The typed <c>data</c> (deserialized once, on first access).</summary>
    public TData Data
    {
        get
        {
            if (!_parsed)
            {
                _data = DataAs<TData>();
                _parsed = true;
            }

            return _data!;
        }
    }
}
