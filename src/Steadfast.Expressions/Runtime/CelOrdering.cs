namespace Steadfast.Expressions.Runtime;

/// <summary>CEL ordering for <c>&lt; &lt;= &gt; &gt;=</c>: numbers (across int/uint/double), strings by code point, bytes, bools, durations and timestamps.</summary>
internal static class CelOrdering
{
    /// <summary>-1/0/1, null when unordered (NaN), or an error value in <paramref name="error"/>.</summary>
    public static int? Compare(CelValue a, CelValue b, string function, out CelValue error)
    {
        error = default;
        if (a.IsNumber && b.IsNumber)
        {
            return NumericComparer.Compare(a, b);
        }

        if (a.Kind == b.Kind)
        {
            switch (a.Kind)
            {
                case CelValueKind.String:
                    return Math.Sign(CompareByCodePoint(a.AsString(), b.AsString()));
                case CelValueKind.Bytes:
                    return Math.Sign(a.AsBytes().Span.SequenceCompareTo(b.AsBytes().Span));
                case CelValueKind.Bool:
                case CelValueKind.Duration:
                case CelValueKind.Timestamp:
                    return a.Bits.CompareTo(b.Bits);
                default:
                    break;
            }
        }

        error = Errors.NoSuchOverload(function, a, b);
        return null;
    }

    /// <summary>
    /// Orders strings by Unicode code point (as CEL and Go do) rather than by UTF-16 unit: a
    /// surrogate pair (U+10000 and above) sorts after U+E000..U+FFFF.
    /// </summary>
    public static int CompareByCodePoint(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return Fix(a[i]) - Fix(b[i]);
            }
        }

        return a.Length - b.Length;

        static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
    }
}
