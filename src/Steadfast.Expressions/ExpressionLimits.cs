namespace Steadfast.Expressions;

/// <summary>
/// Hard limits that keep parsing and evaluation bounded for untrusted expressions and events.
/// </summary>
internal static class ExpressionLimits
{
    /// <summary>Longest accepted expression source, in UTF-16 characters (8 KiB).</summary>
    public const int MaxExpressionLength = 8 * 1024;

    /// <summary>Deepest nesting of parentheses, brackets, braces and call arguments.</summary>
    public const int MaxNestingDepth = 64;

    /// <summary>
    /// Tallest syntax tree (a chain <c>a + b + c + ...</c> is as tall as it is long), which bounds
    /// the evaluator's recursion.
    /// </summary>
    public const int MaxTreeHeight = 256;

    /// <summary>Longest string or bytes value an expression may build.</summary>
    public const int MaxStringLength = 1024 * 1024;

    /// <summary>Longest list an expression may build.</summary>
    public const int MaxListLength = 100_000;

    /// <summary>Most macro iterations (exists, all, map, filter ...) in one evaluation.</summary>
    public const int MaxIterations = 100_000;

    /// <summary>
    /// Time limit for one regular-expression match (<c>matches</c>). The non-backtracking engine already keeps matching
    /// linear in the input; this is a second bound, generous enough that a busy machine does not turn a valid match
    /// into an error (100 ms was exceeded by cel-spec's <c>re_rep</c> case on a loaded 2-core CI machine).
    /// </summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
}
