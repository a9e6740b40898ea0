using System.Text.Json;
using Steadfast.Expressions;

namespace Steadfast.Engine.Functions;

/// <summary>Trigger filters evaluated with Steadfast.Expressions (compiled once, cached by source text).</summary>
public sealed class CelExpressionFilter : IExpressionFilter
{
    private static readonly string[] TriggerVariables = ["event"];

    /// <inheritdoc />
    public string? Validate(string expression) =>
        ExpressionCompiler.Validate(expression, TriggerVariables) is { } error ? error.Message : null;

    /// <inheritdoc />
    public bool Matches(string expression, JsonElement @event) =>
        ExpressionCompiler.TryCompile(expression, out var compiled, out _) &&
        compiled!.EvaluateBool(new ExpressionContext(@event)) == true;
}
