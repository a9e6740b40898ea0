using Steadfast.Expressions.Runtime;

namespace Steadfast.Expressions.Functions;

/// <summary><c>contains</c>, <c>startsWith</c>, <c>endsWith</c> (ordinal, on strings).</summary>
internal static class StringFunctions
{
    public static CelValue Contains(CelValue s, CelValue t) =>
        Both(s, t) ? CelValue.FromBool(s.AsString().Contains(t.AsString(), StringComparison.Ordinal)) : Errors.NoSuchOverload("contains", s, t);

    public static CelValue StartsWith(CelValue s, CelValue t) =>
        Both(s, t) ? CelValue.FromBool(s.AsString().StartsWith(t.AsString(), StringComparison.Ordinal)) : Errors.NoSuchOverload("startsWith", s, t);

    public static CelValue EndsWith(CelValue s, CelValue t) =>
        Both(s, t) ? CelValue.FromBool(s.AsString().EndsWith(t.AsString(), StringComparison.Ordinal)) : Errors.NoSuchOverload("endsWith", s, t);

    private static bool Both(CelValue s, CelValue t) => s.Kind == CelValueKind.String && t.Kind == CelValueKind.String;
}
