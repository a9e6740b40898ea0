using System.Globalization;
using System.Text;
using Steadfast.Expressions.Runtime;

namespace Steadfast.Expressions.Functions;

/// <summary>The CEL type conversions: <c>int()</c>, <c>uint()</c>, <c>double()</c>, <c>string()</c>, <c>bool()</c>, <c>bytes()</c>, <c>duration()</c>, <c>timestamp()</c>.</summary>
internal static class Conversions
{
    private static readonly UTF8Encoding s_strictUtf8 = new(false, true);

    public static CelValue ToInt(CelValue v)
    {
        switch (v.Kind)
        {
            case CelValueKind.Int:
                return v;
            case CelValueKind.Uint:
                return v.Bits < 0 ? RangeError("int") : CelValue.FromInt64(v.Bits);
            case CelValueKind.Double:
                var d = v.DoubleBits;
                return double.IsNaN(d) || d <= -9.2233720368547758E18 || d >= 9.2233720368547758E18 ? RangeError("int") : CelValue.FromInt64((long)d);
            case CelValueKind.String:
                return long.TryParse(v.AsString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                    ? CelValue.FromInt64(l)
                    : CelValue.FromError($"cannot convert {CelFormatter.Format(v)} to int");
            case CelValueKind.Timestamp:
                return CelValue.FromInt64((long)Math.Floor((v.Bits - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond));
            default:
                return Errors.NoSuchOverload("int", v);
        }
    }

    public static CelValue ToUint(CelValue v)
    {
        switch (v.Kind)
        {
            case CelValueKind.Uint:
                return v;
            case CelValueKind.Int:
                return v.Bits < 0 ? RangeError("uint") : CelValue.FromUInt64((ulong)v.Bits);
            case CelValueKind.Double:
                var d = v.DoubleBits;
                return double.IsNaN(d) || d <= -1 || d >= 1.8446744073709552E19 ? RangeError("uint") : CelValue.FromUInt64((ulong)d);
            case CelValueKind.String:
                return ulong.TryParse(v.AsString(), NumberStyles.None, CultureInfo.InvariantCulture, out var u)
                    ? CelValue.FromUInt64(u)
                    : CelValue.FromError($"cannot convert {CelFormatter.Format(v)} to uint");
            default:
                return Errors.NoSuchOverload("uint", v);
        }
    }

    public static CelValue ToDouble(CelValue v)
    {
        switch (v.Kind)
        {
            case CelValueKind.Double:
                return v;
            case CelValueKind.Int:
                return CelValue.FromDouble(v.Bits);
            case CelValueKind.Uint:
                return CelValue.FromDouble(unchecked((ulong)v.Bits));
            case CelValueKind.String:
                var s = v.AsString();
                var parsed = s switch
                {
                    "NaN" => double.NaN,
                    "Infinity" or "+Infinity" or "inf" or "+inf" => double.PositiveInfinity,
                    "-Infinity" or "-inf" => double.NegativeInfinity,
                    _ => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (double?)null,
                };
                return parsed is { } value ? CelValue.FromDouble(value) : CelValue.FromError($"cannot convert {CelFormatter.Format(v)} to double");
            default:
                return Errors.NoSuchOverload("double", v);
        }
    }

    public static CelValue ToStringValue(CelValue v)
    {
        switch (v.Kind)
        {
            case CelValueKind.String:
                return v;
            case CelValueKind.Int:
                return CelValue.FromString(v.Bits.ToString(CultureInfo.InvariantCulture));
            case CelValueKind.Uint:
                return CelValue.FromString(unchecked((ulong)v.Bits).ToString(CultureInfo.InvariantCulture));
            case CelValueKind.Double:
                return CelValue.FromString(CelFormatter.FormatDouble(v.DoubleBits));
            case CelValueKind.Bool:
                return CelValue.FromString(v.AsBool() ? "true" : "false");
            case CelValueKind.Bytes:
                try
                {
                    return CelValue.FromString(s_strictUtf8.GetString(v.AsBytes().Span));
                }
                catch (DecoderFallbackException)
                {
                    return CelValue.FromError("invalid UTF-8 in bytes, cannot convert to string");
                }

            case CelValueKind.Timestamp:
                return CelValue.FromString(CelTime.FormatTimestamp(v.Bits));
            case CelValueKind.Duration:
                return CelValue.FromString(CelTime.FormatDuration(v.Bits));
            case CelValueKind.Type:
                return CelValue.FromString(((CelType)v.Reference!).Name);
            default:
                return Errors.NoSuchOverload("string", v);
        }
    }

    public static CelValue ToBool(CelValue v)
    {
        switch (v.Kind)
        {
            case CelValueKind.Bool:
                return v;
            case CelValueKind.String:
                return v.AsString() switch
                {
                    "true" or "True" or "TRUE" or "t" or "1" => CelValue.True,
                    "false" or "False" or "FALSE" or "f" or "0" => CelValue.False,
                    _ => CelValue.FromError($"cannot convert {CelFormatter.Format(v)} to bool"),
                };
            default:
                return Errors.NoSuchOverload("bool", v);
        }
    }

    public static CelValue ToBytes(CelValue v) => v.Kind switch
    {
        CelValueKind.Bytes => v,
        CelValueKind.String => CelValue.FromBytesUnsafe(Encoding.UTF8.GetBytes(v.AsString())),
        _ => Errors.NoSuchOverload("bytes", v),
    };

    public static CelValue ToDuration(CelValue v) => v.Kind switch
    {
        CelValueKind.Duration => v,
        CelValueKind.String => CelTime.ParseDuration(v.AsString()),
        _ => Errors.NoSuchOverload("duration", v),
    };

    public static CelValue ToTimestamp(CelValue v)
    {
        switch (v.Kind)
        {
            case CelValueKind.Timestamp:
                return v;
            case CelValueKind.String:
                return CelTime.ParseTimestamp(v.AsString());
            case CelValueKind.Int:
                var seconds = v.Bits;
                return seconds is < -62135596800L or > 253402300799L
                    ? CelValue.FromError("timestamp out of range")
                    : CelTime.Timestamp(DateTime.UnixEpoch.Ticks + (seconds * TimeSpan.TicksPerSecond));
            default:
                return Errors.NoSuchOverload("timestamp", v);
        }
    }

    public static CelValue TypeOf(CelValue v) => CelValue.FromType(CelType.Of(v));

    private static CelValue RangeError(string target) => CelValue.FromError($"range error converting to {target}");
}
