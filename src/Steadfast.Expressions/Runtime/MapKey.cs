namespace Steadfast.Expressions.Runtime;

/// <summary>
/// A hashable form of a map key. Numbers are normalised so that 1, 1u and 1.0 are the same key
/// (CEL's heterogeneous equality applies to map lookups).
/// </summary>
internal readonly record struct MapKey(CelValueKind Kind, long Bits, string? Text)
{
    /// <summary>Keys a literal map may be built with: int, uint, bool and string.</summary>
    public static bool IsValidLiteralKey(CelValue value) =>
        value.Kind is CelValueKind.Int or CelValueKind.Uint or CelValueKind.Bool or CelValueKind.String;

    public static bool TryCreate(CelValue value, out MapKey key)
    {
        switch (value.Kind)
        {
            case CelValueKind.String:
                key = new MapKey(CelValueKind.String, 0, value.AsString());
                return true;
            case CelValueKind.Bool:
                key = new MapKey(CelValueKind.Bool, value.Bits, null);
                return true;
            case CelValueKind.Int:
                key = new MapKey(CelValueKind.Int, value.Bits, null);
                return true;
            case CelValueKind.Uint:
                var u = unchecked((ulong)value.Bits);
                key = u <= long.MaxValue ? new MapKey(CelValueKind.Int, (long)u, null) : new MapKey(CelValueKind.Uint, value.Bits, null);
                return true;
            case CelValueKind.Double:
                var d = value.DoubleBits;
                if (Math.Truncate(d) == d && d >= -9.2233720368547758E18 && d < 9.2233720368547758E18)
                {
                    key = new MapKey(CelValueKind.Int, (long)d, null);
                    return true;
                }

                if (Math.Truncate(d) == d && d >= 0 && d < 1.8446744073709552E19)
                {
                    key = new MapKey(CelValueKind.Uint, unchecked((long)(ulong)d), null);
                    return true;
                }

                key = default;
                return false;
            default:
                key = default;
                return false;
        }
    }
}
