namespace Steadfast.Expressions.Runtime;

/// <summary>
/// Comparison of numbers across int, uint and double (CEL heterogeneous ordering). int against
/// uint is exact; int or uint against double converts the integer to double first, as cel-go does
/// and cel-spec's conformance data expects (comparisons.textproto
/// <c>gte_dyn_int_big_lossy_double</c>: <c>9223372036854775807 &gt;= 9223372036854775808.0</c> is true).
/// </summary>
internal static class NumericComparer
{
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

    private static int? CompareIntDouble(long a, double b) => CompareDoubles(a, b);

    private static int? CompareUintDouble(ulong a, double b) => CompareDoubles(a, b);
}
