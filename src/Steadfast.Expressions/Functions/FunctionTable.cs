using Steadfast.Expressions.Runtime;

namespace Steadfast.Expressions.Functions;

/// <summary>
/// The functions an expression may call, by name and call style. Anything not listed (and not a
/// macro) is rejected at compile time with "undeclared reference to function".
/// </summary>
internal static class FunctionTable
{
    private static readonly Dictionary<string, Func<CelValue, CelValue>> s_global1 = new(StringComparer.Ordinal)
    {
        ["size"] = Access.Size,
        ["int"] = Conversions.ToInt,
        ["uint"] = Conversions.ToUint,
        ["double"] = Conversions.ToDouble,
        ["string"] = Conversions.ToStringValue,
        ["bool"] = Conversions.ToBool,
        ["bytes"] = Conversions.ToBytes,
        ["type"] = Conversions.TypeOf,
        ["dyn"] = v => v,
        ["duration"] = Conversions.ToDuration,
        ["timestamp"] = Conversions.ToTimestamp,
    };

    private static readonly Dictionary<string, Func<CelValue, CelValue, CelValue>> s_global2 = new(StringComparer.Ordinal)
    {
        ["matches"] = RegexCache.Matches,
    };

    private static readonly Dictionary<string, Func<CelValue, CelValue>> s_member0 = new(StringComparer.Ordinal)
    {
        ["size"] = Access.Size,
    };

    private static readonly Dictionary<string, Func<CelValue, CelValue, CelValue>> s_member1 = new(StringComparer.Ordinal)
    {
        ["contains"] = StringFunctions.Contains,
        ["startsWith"] = StringFunctions.StartsWith,
        ["endsWith"] = StringFunctions.EndsWith,
        ["matches"] = RegexCache.Matches,
    };

    static FunctionTable()
    {
        foreach (var name in CelTimeAccessors.Names)
        {
            s_member0[name] = v => CelTimeAccessors.Get(name, v, CelValue.Null);
            s_member1[name] = (v, zone) => CelTimeAccessors.Get(name, v, zone.Kind == CelValueKind.Null ? CelValue.FromError("invalid time zone: null") : zone);
        }
    }

    /// <summary>Every function name, for "did you mean" hints and validation messages.</summary>
    public static IEnumerable<string> Names => s_global1.Keys.Concat(s_global2.Keys).Concat(s_member0.Keys).Concat(s_member1.Keys).Distinct();

    public static Func<CelValue, CelValue>? Global(string name) => s_global1.GetValueOrDefault(name);

    public static Func<CelValue, CelValue, CelValue>? Global2(string name) => s_global2.GetValueOrDefault(name);

    public static Func<CelValue, CelValue>? Member(string name) => s_member0.GetValueOrDefault(name);

    public static Func<CelValue, CelValue, CelValue>? Member1(string name) => s_member1.GetValueOrDefault(name);
}
