using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Steadfast.Expressions.Runtime;

/// <summary>
/// Compiles <c>matches</c> patterns with <see cref="RegexOptions.NonBacktracking"/> (linear time,
/// like RE2) and a match timeout; caches patterns computed at run time, up to 256 of them.
/// </summary>
internal static class RegexCache
{
    private const int Capacity = 256;
    private static readonly ConcurrentDictionary<string, Regex> s_cache = new(StringComparer.Ordinal);

    public static bool TryCompile(string pattern, out Regex? regex, out string? error)
    {
        try
        {
            regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, ExpressionLimits.RegexTimeout);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            regex = null;
            error = $"invalid regular expression '{pattern}': {ex.Message}";
            return false;
        }
    }

    public static CelValue Matches(CelValue text, CelValue pattern)
    {
        if (text.Kind != CelValueKind.String || pattern.Kind != CelValueKind.String)
        {
            return Errors.NoSuchOverload("matches", text, pattern);
        }

        var source = pattern.AsString();
        if (!s_cache.TryGetValue(source, out var regex))
        {
            if (!TryCompile(source, out regex, out var error))
            {
                return CelValue.FromError(error!);
            }

            if (s_cache.Count >= Capacity)
            {
                s_cache.Clear();
            }

            s_cache[source] = regex!;
        }

        return Run(regex!, text.AsString());
    }

    public static CelValue Run(Regex regex, string text)
    {
        try
        {
            return CelValue.FromBool(regex.IsMatch(text));
        }
        catch (RegexMatchTimeoutException)
        {
            return CelValue.FromError($"regular expression timed out after {ExpressionLimits.RegexTimeout.TotalMilliseconds} ms");
        }
    }
}
