using System.Text;
using System.Text.Json;
using Steadfast.Protocol.Json;

namespace Steadfast.Server.Tests.Protocol;

public sealed class JcsCanonicalizerTests
{
    // RFC 8785 Appendix B: IEEE-754 bit patterns and their ECMAScript text.
    [Theory]
    [InlineData(0x0000000000000000UL, "0")]
    [InlineData(0x8000000000000000UL, "0")]
    [InlineData(0x0000000000000001UL, "5e-324")]
    [InlineData(0x8000000000000001UL, "-5e-324")]
    [InlineData(0x7fefffffffffffffUL, "1.7976931348623157e+308")]
    [InlineData(0xffefffffffffffffUL, "-1.7976931348623157e+308")]
    [InlineData(0x4340000000000000UL, "9007199254740992")]
    [InlineData(0xc340000000000000UL, "-9007199254740992")]
    [InlineData(0x4430000000000000UL, "295147905179352830000")]
    [InlineData(0x44b52d02c7e14af5UL, "9.999999999999997e+22")]
    [InlineData(0x44b52d02c7e14af6UL, "1e+23")]
    [InlineData(0x44b52d02c7e14af7UL, "1.0000000000000001e+23")]
    [InlineData(0x444b1ae4d6e2ef4eUL, "999999999999999700000")]
    [InlineData(0x444b1ae4d6e2ef4fUL, "999999999999999900000")]
    [InlineData(0x444b1ae4d6e2ef50UL, "1e+21")]
    [InlineData(0x3eb0c6f7a0b5ed8cUL, "9.999999999999997e-7")]
    [InlineData(0x3eb0c6f7a0b5ed8dUL, "0.000001")]
    [InlineData(0x41b3de4355555553UL, "333333333.3333332")]
    [InlineData(0x41b3de4355555554UL, "333333333.33333325")]
    [InlineData(0x41b3de4355555555UL, "333333333.3333333")]
    [InlineData(0x41b3de4355555556UL, "333333333.3333334")]
    [InlineData(0x41b3de4355555557UL, "333333333.33333343")]
    [InlineData(0xbecbf647612f3696UL, "-0.0000033333333333333333")]
    [InlineData(0x43143ff3c1cb0959UL, "1424953923781206.2")]
    public void Format_Rfc8785AppendixB_MatchesEcmaScript(ulong bits, string expected) =>
        Assert.Equal(expected, JcsNumber.Format(BitConverter.UInt64BitsToDouble(bits)));

    [Fact]
    public void Format_NaN_Throws() => Assert.Throws<JsonException>(() => JcsNumber.Format(double.NaN));

    [Fact]
    public void Canonicalize_Rfc8785Section323Example_SortsAndFormats()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string expected = """{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""";
        Assert.Equal(expected, Encoding.UTF8.GetString(JcsCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(input))));
    }

    [Fact]
    public void Canonicalize_KeysSortedByUtf16CodeUnits()
    {
        const string input = """{"\u20ac":1,"\r":2,"\ufb33":3,"1":4,"\ud83d\ude00":5,"\u0080":6,"\u00f6":7}""";
        var text = Encoding.UTF8.GetString(JcsCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(input)));
        Assert.Equal("{\"\\r\":2,\"1\":4,\"\u0080\":6,\"ö\":7,\"€\":1,\"😀\":5,\"\ufb33\":3}", text);
    }

    [Fact]
    public void Canonicalize_NestedWhitespaceAndIntegers_Compact()
    {
        var text = Encoding.UTF8.GetString(JcsCanonicalizer.Canonicalize("""{ "b" : [ 1.0 , {"z":1,"a":-0} ], "a": 1700000000000 }"""u8));
        Assert.Equal("""{"a":1700000000000,"b":[1,{"a":0,"z":1}]}""", text);
    }
}
