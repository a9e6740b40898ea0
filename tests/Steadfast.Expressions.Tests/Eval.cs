using System.Text.Json;

namespace Steadfast.Expressions.Tests;

/// <summary>Evaluates expressions against JSON text for tests; keeps the documents alive for the test run.</summary>
internal static class Eval
{
    public static CelValue Run(string expression, string? eventJson = null, string? asyncJson = null)
    {
        var context = new ExpressionContext(Parse(eventJson), Parse(asyncJson));
        return ExpressionCompiler.Compile(expression).Evaluate(context);
    }

    public static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement;
}
