using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Steadfast.Expressions.Compilation;
using Steadfast.Expressions.Syntax;

namespace Steadfast.Expressions;

/// <summary>
/// Compiles CEL expressions (the subset Inngest functions use: triggers' <c>if</c>,
/// <c>waitForEvent</c>/<c>cancelOn</c> conditions, flow-control keys) into evaluators over JSON.
/// Compiled expressions are cached by source text; the cache is thread-safe and bounded.
/// </summary>
public static class ExpressionCompiler
{
    /// <summary>How many compiled expressions the cache keeps before it is emptied and refilled.</summary>
    public const int CacheCapacity = 10_000;

    private static readonly ConcurrentDictionary<string, CompiledExpression> s_cache = new(StringComparer.Ordinal);

    /// <summary>Compiles <paramref name="expression"/>, or returns the cached compilation of the same text.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is null.</exception>
    /// <exception cref="ExpressionSyntaxException">
    /// The expression is malformed, calls an unknown function or macro, misuses a macro, or exceeds
    /// a limit (8 KiB of text, 64 levels of nesting); the exception carries the position.
    /// </exception>
    public static CompiledExpression Compile(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (s_cache.TryGetValue(expression, out var cached))
        {
            return cached;
        }

        var compiled = CompileUncached(expression);
        if (s_cache.Count >= CacheCapacity)
        {
            // Expressions come from function configuration, so the working set is small; a full
            // cache means churn, and starting over is simpler and safer than an LRU here.
            s_cache.Clear();
        }

        return s_cache.GetOrAdd(expression, compiled);
    }

    /// <summary>Compiles <paramref name="expression"/> without throwing for malformed input.</summary>
    /// <returns>True and the compiled expression, or false and the error.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is null.</exception>
    public static bool TryCompile(
        string expression,
        [NotNullWhen(true)] out CompiledExpression? compiled,
        [NotNullWhen(false)] out ExpressionSyntaxException? error)
    {
        try
        {
            compiled = Compile(expression);
            error = null;
            return true;
        }
        catch (ExpressionSyntaxException ex)
        {
            compiled = null;
            error = ex;
            return false;
        }
    }

    /// <summary>
    /// Checks an expression at function-sync time: it must compile and, when
    /// <paramref name="allowedVariables"/> is given, read no other variables (for a trigger
    /// <c>if</c> that is <c>event</c>; for <c>waitForEvent</c>/<c>cancelOn</c>, <c>event</c> and <c>async</c>).
    /// </summary>
    /// <returns>Null when the expression is valid; otherwise the problem, with its position.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is null.</exception>
    public static ExpressionSyntaxException? Validate(string expression, IReadOnlyCollection<string>? allowedVariables = null)
    {
        if (!TryCompile(expression, out var compiled, out var error))
        {
            return error;
        }

        if (allowedVariables is null)
        {
            return null;
        }

        foreach (var variable in compiled.Variables)
        {
            if (!allowedVariables.Contains(variable))
            {
                var position = FindIdentifier(expression, variable);
                return new ExpressionSyntaxException(
                    expression, position, $"undeclared reference to '{variable}'", $"one of: {string.Join(", ", allowedVariables)}");
            }
        }

        return null;
    }

    internal static CompiledExpression CompileUncached(string expression)
    {
        var syntax = Parser.Parse(expression);
        return new CompiledExpression(expression, Binder.Bind(expression, syntax));
    }

    private static int FindIdentifier(string expression, string name)
    {
        foreach (var token in new Lexer(expression).Tokenize())
        {
            if (token.Kind == TokenKind.Identifier && token.Text == name)
            {
                return token.Position;
            }
        }

        return 0;
    }
}
