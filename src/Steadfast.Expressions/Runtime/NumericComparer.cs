namespace Steadfast.Expressions.Runtime;

/// <summary>
/// Exact comparison of numbers across int, uint and double (CEL heterogeneous ordering): no
/// rounding through double, so 9007199254740993 and 9007199254740992.0 compare as different.
/// </summary>
internal static class NumericComparer
{
    private const double TwoTo63 = 9.2233720368547758E18;
    private const double TwoTo64 = 1.8446744073709552E19;

    /// <summary>-1, 0 or 1; null when either side is NaN (unordered).</summary>
    public static int? Compare(CelValue a, CelValue b)
    {
        return (a.Kind, b.Kind) switch
        {
            (CelValueKind.Int, CelValueKind.Int) => a.Bits.CompareTo(b.Bits),
            (CelValueKind.Uint, CelValueKind.Uint) => unchecked((ulong)a.Bits).CompareTo(unchecked((ulong)b.Bits)),
            (CelValueKind.Double, CelValueKind.Double) => CompareDoubles(a.DoubleBits, b.DoubleBits),
            (CelValueKind.Int, CelValueKind.Uint) => CompareIntUint(a.Bits, unchecked((ulong)b.Bits)),
            (CelValueKind.Uint, CelValueKind.Int) => -CompareIntUint(b.Bits, unchecked((ulong)a.Bits)),
            (CelValueKind.Int, CelValueKind.Double) => CompareIntDouble(a.Bits, b.DoubleBits),
            (CelValueKind.Double, CelValueKind.Int) => -CompareIntDouble(b.Bits, a.DoubleBits),
            (CelValueKind.Uint, CelValueKind.Double) => CompareUintDouble(unchecked((ulong)a.Bits), b.DoubleBits),
            (CelValueKind.Double, CelValueKind.Uint) => -CompareUintDouble(unchecked((ulong)b.Bits), a.DoubleBits),
            _ => throw new InvalidOperationException("not numbers"),
        };
    }

    private static int? CompareDoubles(double a, double b) =>
        double.IsNaN(a) || double.IsNaN(b) ? null : a.CompareTo(b);

    private static int CompareIntUint(long a, ulong b) => a < 0 ? -1 : ((ulong)a).CompareTo(b);

    private static int? CompareIntDouble(long a, double b)
    {
        if (double.IsNaN(b))
        {
            return null;
        }

        if (b >= TwoTo63)
        {
            return -1;
        }

        if (b < -TwoTo63)
        {
            return 1;
        }

        var whole = Math.Truncate(b);
        var c = a.CompareTo((long)whole);
        return c != 0 ? c : 0.0.CompareTo(b - whole);
    }

    private static int? CompareUintDouble(ulong a, double b)
    {
        if (double.IsNaN(b))
        {
            return null;
        }

        if (b >= TwoTo64)
        {
            return -1;
        }

        if (b < 0)
        {
            return 1;
        }

        var whole = Math.Truncate(b);
        var c = a.CompareTo((ulong)whole);
        return c != 0 ? c : 0.0.CompareTo(b - whole);
    }
}
