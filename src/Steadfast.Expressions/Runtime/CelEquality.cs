using System.Runtime.InteropServices;
using System.Text.Json;

namespace Steadfast.Expressions.Runtime;

/// <summary>
/// CEL equality (cel-spec "heterogeneous equality"): numbers compare by value across int, uint
/// and double; values of different non-numeric types are unequal (not an error); lists and maps
/// compare element-wise; NaN is unequal to everything.
/// </summary>
internal static class CelEquality
{
    /// <summary>The result of <c>a == b</c>: a bool, or the first operand error.</summary>
    public static CelValue Evaluate(CelValue a, CelValue b)
    {
        if (a.IsError)
        {
            return a;
        }

        return b.IsError ? b : CelValue.FromBool(AreEqual(a, b));
    }

    public static bool AreEqual(CelValue a, CelValue b)
    {
        if (a.IsNumber && b.IsNumber)
        {
            return NumericComparer.Compare(a, b) == 0;
        }

        if (a.Kind != b.Kind)
        {
            return false;
        }

        switch (a.Kind)
        {
            case CelValueKind.Null:
                return true;
            case CelValueKind.Bool:
            case CelValueKind.Duration:
            case CelValueKind.Timestamp:
                return a.Bits == b.Bits;
            case CelValueKind.String:
                return StringEquals(a, b);
            case CelValueKind.Bytes:
                return a.AsBytes().Span.SequenceEqual(b.AsBytes().Span);
            case CelValueKind.Type:
                return ReferenceEquals(a.Reference, b.Reference);
            case CelValueKind.List:
                return ListEquals(a.AsList(), b.AsList());
            case CelValueKind.Map:
                return MapEquals(a.AsMap(), b.AsMap());
            default:
                return false;
        }
    }

    /// <summary>String equality without materialising JSON strings where one side is a .NET string.</summary>
    public static bool StringEquals(CelValue a, CelValue b)
    {
        if (a.Reference is string sa)
        {
            return b.Reference is string sb ? string.Equals(sa, sb, StringComparison.Ordinal) : b.Json.ValueEquals(sa);
        }

        if (b.Reference is string sb2)
        {
            return a.Json.ValueEquals(sb2);
        }

        return JsonStringEquals(a.Json, b.Json);
    }

    /// <summary>Compares two JSON strings on their raw UTF-8 when neither has escapes (no allocation).</summary>
    private static bool JsonStringEquals(JsonElement a, JsonElement b)
    {
        var rawA = JsonMarshal.GetRawUtf8Value(a);
        var rawB = JsonMarshal.GetRawUtf8Value(b);
        if (!rawA.Contains((byte)'\\') && !rawB.Contains((byte)'\\'))
        {
            return rawA.SequenceEqual(rawB);
        }

        return string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal);
    }

    private static bool ListEquals(CelList a, CelList b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!AreEqual(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MapEquals(CelMap a, CelMap b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var key in a.Keys)
        {
            if (!a.TryGetValue(key, out var av) || !b.TryGetValue(key, out var bv) || !AreEqual(av, bv))
            {
                return false;
            }
        }

        return true;
    }
}
