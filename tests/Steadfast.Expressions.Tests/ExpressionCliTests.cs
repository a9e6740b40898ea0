namespace Steadfast.Expressions.Tests;

public sealed class ExpressionCliTests
{
    [Fact]
    public void Run_TrueCondition_PrintsJsonAndReturnsZero()
    {
        var (code, output, error) = Run("event.data.x == 1", """{"data":{"x":1}}""", null);

        Assert.Equal(0, code);
        Assert.Equal("true", output.Trim());
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void Run_ValueExpression_PrintsValueAsJson()
    {
        var (code, output, _) = Run("{'user': event.data.user, 'n': [1, 2u, 2.5]}", """{"data":{"user":"u_1"}}""", null);

        Assert.Equal(0, code);
        Assert.Equal("""{"user":"u_1","n":[1,2,2.5]}""", output.Trim());
    }

    [Fact]
    public void Run_UsesAsync_ComparesBothEvents()
    {
        var (code, output, _) = Run("event.data.id == async.data.id", """{"data":{"id":"a"}}""", """{"data":{"id":"b"}}""");

        Assert.Equal(0, code);
        Assert.Equal("false", output.Trim());
    }

    [Fact]
    public void Run_SyntaxError_PrintsCaretAndReturnsTwo()
    {
        var (code, output, error) = Run("event.data.x == )", "{}", null);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal(
            "syntax error: unexpected token ')' at 1:17, expected an expression\n  event.data.x == )\n                  ^\n",
            error.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_MissingKey_PrintsEvaluationErrorAndReturnsOne()
    {
        var (code, _, error) = Run("event.data.y == 1", """{"data":{"x":1}}""", null);

        Assert.Equal(1, code);
        Assert.Contains("evaluation error: no such key: y", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InvalidEventJson_ReturnsOne()
    {
        var (code, _, error) = Run("true", "{not json", null);

        Assert.Equal(1, code);
        Assert.StartsWith("invalid --event JSON:", error, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Error) Run(string expression, string? eventJson, string? asyncJson)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = ExpressionCli.Run(expression, eventJson, asyncJson, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
