using System.Text.Json;

namespace Steadfast.Expressions;

/// <summary>
/// The <c>expr</c> verb of the server CLI: evaluates one expression against JSON given on the
/// command line, e.g. <c>steadfast expr 'event.data.x == 1' --event '{"data":{"x":1}}'</c>.
/// </summary>
public static class ExpressionCli
{
    /// <summary>Exit code when the expression evaluated to a value (printed as JSON on <c>stdout</c>).</summary>
    public const int Success = 0;

    /// <summary>Exit code when evaluation produced an error value or an input was not valid JSON.</summary>
    public const int EvaluationError = 1;

    /// <summary>Exit code when the expression does not compile.</summary>
    public const int SyntaxError = 2;

    /// <summary>
    /// Compiles and evaluates <paramref name="expression"/> with <c>event</c> and <c>async</c>
    /// parsed from the given JSON texts. On success writes the result as one line of JSON to
    /// <paramref name="stdout"/> (see <see cref="CelValue.WriteTo"/>) and returns 0. An evaluation
    /// error or invalid JSON input is described on <paramref name="stderr"/> and returns 1. A
    /// syntax error is described on <paramref name="stderr"/> with the expression and a caret
    /// under the offending column and returns 2.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/>, <paramref name="stdout"/> or <paramref name="stderr"/> is null.</exception>
    public static int Run(string expression, string? eventJson, string? asyncJson, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        if (!ExpressionCompiler.TryCompile(expression, out var compiled, out var error))
        {
            stderr.WriteLine($"syntax error: {error.Message}");
            foreach (var line in error.CaretDiagram().Split('\n'))
            {
                stderr.WriteLine("  " + line);
            }

            return SyntaxError;
        }

        JsonDocument? eventDocument = null;
        JsonDocument? asyncDocument = null;
        try
        {
            if (!TryParse(eventJson, "--event", stderr, out eventDocument) || !TryParse(asyncJson, "--async", stderr, out asyncDocument))
            {
                return EvaluationError;
            }

            var result = compiled.Evaluate(new ExpressionContext(eventDocument?.RootElement, asyncDocument?.RootElement));
            if (result.IsError)
            {
                stderr.WriteLine($"evaluation error: {result.ErrorMessage}");
                return EvaluationError;
            }

            stdout.WriteLine(result.ToJsonString());
            return Success;
        }
        finally
        {
            eventDocument?.Dispose();
            asyncDocument?.Dispose();
        }
    }

    private static bool TryParse(string? json, string option, TextWriter stderr, out JsonDocument? document)
    {
        document = null;
        if (json is null)
        {
            return true;
        }

        try
        {
            document = JsonDocument.Parse(json);
            return true;
        }
        catch (JsonException ex)
        {
            stderr.WriteLine($"invalid {option} JSON: {ex.Message}");
            return false;
        }
    }
}
