using Steadfast.Expressions.Syntax;

namespace Steadfast.Expressions;

/// <summary>
/// An expression that cannot be compiled: a syntax error, an unknown function or macro, a
/// misused macro, or a source that exceeds a limit. The message reads like
/// <c>unexpected token ')' at 1:14, expected an expression</c>.
/// </summary>
public sealed class ExpressionSyntaxException : Exception
{
    /// <summary>Creates the exception for <paramref name="expression"/> with the problem at <paramref name="position"/>.</summary>
    /// <param name="expression">The expression source.</param>
    /// <param name="position">0-based offset (UTF-16 units) of the problem in <paramref name="expression"/>.</param>
    /// <param name="reason">What is wrong, e.g. <c>unexpected token ')'</c>.</param>
    /// <param name="expected">What was expected instead, e.g. <c>an expression</c>; null when not applicable.</param>
    public ExpressionSyntaxException(string expression, int position, string reason, string? expected = null)
        : base(Describe(expression, position, reason, expected))
    {
        Expression = expression;
        Position = position;
        Reason = reason;
        Expected = expected;
        (Line, Column) = SourceText.LineColumn(expression, position);
    }

    /// <summary>The expression source.</summary>
    public string Expression { get; }

    /// <summary>0-based offset (UTF-16 units) of the problem.</summary>
    public int Position { get; }

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>What was expected at <see cref="Position"/>, or null.</summary>
    public string? Expected { get; }

    /// <summary>
    /// The line of the expression holding the problem and a caret under <see cref="Column"/>:
    /// <code>
    /// event.data.x ==)
    ///                ^
    /// </code>
    /// </summary>
    public string CaretDiagram()
    {
        var lines = Expression.Split('\n');
        var line = Line - 1 < lines.Length ? lines[Line - 1] : string.Empty;
        var column = Math.Min(Column - 1, line.Length);
        var pad = new string([.. line[..column].Select(c => c == '\t' ? '\t' : ' ')]);
        return line + "\n" + pad + "^";
    }

    private static string Describe(string expression, int position, string reason, string? expected)
    {
        var (line, column) = SourceText.LineColumn(expression, position);
        return expected is null ? $"{reason} at {line}:{column}" : $"{reason} at {line}:{column}, expected {expected}";
    }
}
