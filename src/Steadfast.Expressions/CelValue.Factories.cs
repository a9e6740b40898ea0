using System.Text.Json;
using Steadfast.Expressions.Runtime;

namespace Steadfast.Expressions;

public readonly partial struct CelValue
{
    private static readonly CelValue s_true = new(CelValueKind.Bool, 1, null);
    private static readonly CelValue s_false = new(CelValueKind.Bool, 0, null);

    /// <summary>The CEL <c>null</c> value.</summary>
    public static CelValue Null => default;

    /// <summary>The CEL <c>true</c> value.</summary>
    public static CelValue True => s_true;

    /// <summary>The CEL <c>false</c> value.</summary>
    public static CelValue False => s_false;

    /// <summary>A bool value.</summary>
    public static CelValue FromBool(bool value) => value ? s_true : s_false;

    /// <summary>An int value.</summary>
    public static CelValue FromInt64(long value) => new(CelValueKind.Int, value, null);

    /// <summary>A uint value.</summary>
    public static CelValue FromUInt64(ulong value) => new(CelValueKind.Uint, unchecked((long)value), null);

    /// <summary>A double value.</summary>
    public static CelValue FromDouble(double value) => new(CelValueKind.Double, BitConverter.DoubleToInt64Bits(value), null);

    /// <summary>A string value.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static CelValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(CelValueKind.String, 0, value);
    }

    /// <summary>A bytes value (the array is copied).</summary>
    public static CelValue FromBytes(ReadOnlySpan<byte> value) => new(CelValueKind.Bytes, 0, value.ToArray());

    /// <summary>A duration value (100 ns precision).</summary>
    public static CelValue FromDuration(TimeSpan value) => new(CelValueKind.Duration, value.Ticks, null);

    /// <summary>A timestamp value, converted to UTC (100 ns precision).</summary>
    public static CelValue FromTimestamp(DateTimeOffset value) => new(CelValueKind.Timestamp, value.UtcTicks, null);

    /// <summary>An error value with the given message.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public static CelValue FromError(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(CelValueKind.Error, 0, new CelError(message));
    }

    /// <summary>
    /// Wraps a JSON value without copying it: objects become maps, arrays lists, strings strings,
    /// <c>true</c>/<c>false</c> bools and <c>null</c> null. An integral number that fits in a signed
    /// 64-bit integer becomes an int; any other number a double. The result refers to the element
    /// and is only valid while its <see cref="JsonDocument"/> is alive.
    /// </summary>
    public static CelValue FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return new(CelValueKind.Map, 0, null, element);
            case JsonValueKind.Array:
                return new(CelValueKind.List, 0, null, element);
            case JsonValueKind.String:
                return new(CelValueKind.String, 0, null, element);
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var l))
                {
                    return FromInt64(l);
                }

                return element.TryGetDouble(out var d) ? FromDouble(d) : FromError($"number out of range: {element.GetRawText()}");
            case JsonValueKind.True:
                return s_true;
            case JsonValueKind.False:
                return s_false;
            case JsonValueKind.Null:
                return default;
            default:
                return FromError("undefined JSON value");
        }
    }

    internal static CelValue FromList(CelList list) => new(CelValueKind.List, 0, list);

    internal static CelValue FromMap(CelMap map) => new(CelValueKind.Map, 0, map);

    internal static CelValue FromType(CelType type) => new(CelValueKind.Type, 0, type);

    internal static CelValue FromBytesUnsafe(byte[] value) => new(CelValueKind.Bytes, 0, value);

    internal static CelValue FromDurationTicks(long ticks) => new(CelValueKind.Duration, ticks, null);

    internal static CelValue FromTimestampTicks(long ticks) => new(CelValueKind.Timestamp, ticks, null);
}
