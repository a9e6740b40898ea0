namespace Steadfast.Expressions.Tests;

public sealed class SyntaxErrorTests
{
    [Theory]
    [InlineData("event.data.x == )", 16, "unexpected token ')' at 1:17, expected an expression")]
    [InlineData("event.data.x ==", 15, "unexpected end of expression at 1:16, expected an expression")]
    [InlineData("(1 + 2", 6, "unexpected end of expression at 1:7, expected ')'")]
    [InlineData("a b", 2, "unexpected token 'b' at 1:3, expected an operator or end of expression")]
    [InlineData("event.data.x = 1", 13, "unexpected character '=' at 1:14, expected '==' (CEL has no assignment)")]
    [InlineData("'abc", 0, "unterminated string literal at 1:1, expected closing '")]
    [InlineData("'a\\qb'", 2, "invalid escape sequence '\\q' at 1:3")]
    [InlineData("event.\n  data.", 14, "unexpected end of expression at 2:8, expected a field or method name after '.'")]
    [InlineData("9223372036854775808", 0, "int literal out of range: 9223372036854775808 at 1:1")]
    [InlineData("foo(1)", 0, "undeclared reference to function 'foo' at 1:1")]
    [InlineData("[1, 2", 5, "unexpected end of expression at 1:6, expected ',' or ']'")]
    [InlineData("{'a' 1}", 5, "unexpected token '1' at 1:6, expected ':' after a map key")]
    [InlineData("if", 0, "reserved identifier 'if' at 1:1")]
    [InlineData("has(event)", 4, "invalid argument to has() macro at 1:5, expected a field selection such as has(event.data.x)")]
    [InlineData("x.exists(1, true)", 9, "argument 1 of macro 'exists' must be a simple name at 1:10, expected an identifier such as x")]
    [InlineData("'a'.matches('(')", 12, null)]
    [InlineData("Foo{a: 1}", 3, "message construction 'Foo{...}' is not supported at 1:4")]
    public void Compile_InvalidExpression_ThrowsWithPositionAndExpectation(string expression, int position, string? message)
    {
        var ex = Assert.Throws<ExpressionSyntaxException>(() => ExpressionCompiler.Compile(expression));

        Assert.Equal(position, ex.Position);
        if (message is not null)
        {
            Assert.Equal(message, ex.Message);
        }
    }

    [Fact]
    public void Compile_TooLong_ThrowsLimitError()
    {
        var expression = string.Join(" || ", Enumerable.Repeat("event.data.x == 1", 600));

        var ex = Assert.Throws<ExpressionSyntaxException>(() => ExpressionCompiler.Compile(expression));

        Assert.Contains("too long", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_NestedTooDeep_ThrowsLimitError()
    {
        var expression = new string('(', 65) + "1" + new string(')', 65);

        var ex = Assert.Throws<ExpressionSyntaxException>(() => ExpressionCompiler.Compile(expression));

        Assert.Contains("nests deeper than 64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_LongUnaryChain_ThrowsLimitErrorWithoutStackOverflow()
    {
        var ex = Assert.Throws<ExpressionSyntaxException>(() => ExpressionCompiler.Compile(new string('!', 5000) + "true"));

        Assert.Contains("too deeply nested", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCompile_Invalid_ReturnsFalseWithError()
    {
        Assert.False(ExpressionCompiler.TryCompile("1 +", out var compiled, out var error));
        Assert.Null(compiled);
        Assert.Equal(3, error.Position);
    }

    [Fact]
    public void Validate_UnknownVariable_ReportsItsPosition()
    {
        var error = ExpressionCompiler.Validate("event.data.x == evnt.data.x", ["event", "async"]);

        Assert.NotNull(error);
        Assert.Equal(16, error.Position);
        Assert.Equal("undeclared reference to 'evnt' at 1:17, expected one of: event, async", error.Message);
    }

    [Fact]
    public void Validate_ValidExpression_ReturnsNull()
    {
        Assert.Null(ExpressionCompiler.Validate("event.data.x == async.data.x", ["event", "async"]));
    }

    [Fact]
    public void CaretDiagram_PointsAtColumn()
    {
        var ex = Assert.Throws<ExpressionSyntaxException>(() => ExpressionCompiler.Compile("event.data.x == )"));

        Assert.Equal("event.data.x == )\n                ^", ex.CaretDiagram());
    }
}
