namespace Steadfast.Expressions.Tests;

public sealed class LiteralTests
{
    [Theory]
    [InlineData("'a\\nb'", "a\nb")]
    [InlineData("\"\\t\\\"\\'\\\\\"", "\t\"'\\")]
    [InlineData("'\\x41\\u00e9\\U0001F600\\101'", "Aé😀A")]
    [InlineData("r'a\\nb'", "a\\nb")]
    [InlineData("'''line1\nline2'''", "line1\nline2")]
    [InlineData("\"\"\"say \"hi\" \"\"\"", "say \"hi\" ")]
    public void Evaluate_StringLiterals_DecodeEscapes(string expression, string expected)
    {
        Assert.Equal(expected, Eval.Run(expression).AsString());
    }

    [Fact]
    public void Evaluate_NumberLiterals_HaveCelTypes()
    {
        Assert.Equal(31, Eval.Run("0x1F").AsInt64());
        Assert.Equal(7UL, Eval.Run("7u").AsUInt64());
        Assert.Equal(long.MinValue, Eval.Run("-9223372036854775808").AsInt64());
        Assert.Equal(0.5, Eval.Run(".5").AsDouble());
        Assert.Equal(1500.0, Eval.Run("1.5e3").AsDouble());
    }

    [Fact]
    public void Evaluate_BytesLiteral_KeepsRawOctets()
    {
        Assert.Equal(new byte[] { 0xff, 0x41, 0xc3, 0xa9 }, Eval.Run("b'\\xffA\u00e9'").AsBytes().ToArray());
    }
}
