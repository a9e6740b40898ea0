using Steadfast.Protocol.Signing;

namespace Steadfast.Server.Tests.Protocol;

public sealed class SigningTests
{
    private const string Key = "signkey-test-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void HashedBearer_ReferenceExample_MatchesSdk() =>
        Assert.Equal("signkey-test-4884fdaafea47c29fea7159d0daddd9c085d6200e1359e85bb81736af6b7c837", SigningKey.Parse(Key).HashedBearer());

    [Fact]
    public void Sign_HmacKeyedWithHexText_MatchesKnownAnswer() =>
        // python: hmac.new(b"0123…cdef", b'{"a":1}1700000000', sha256)
        Assert.Equal("t=1700000000&s=6f935f4999a22697d3186d2f528b9ba93bd1bce44e799b690985927c66c072d2", RequestSigner.Sign("""{"a":1}"""u8, SigningKey.Parse(Key), At));

    [Fact]
    public void Verify_WithinFiveMinutes_ReturnsKey()
    {
        var key = SigningKey.Parse(Key);
        var header = RequestSigner.Sign("{}"u8, key, At);
        Assert.Same(key, RequestSigner.Verify(header, "{}"u8, At.AddMinutes(4), [key], out _));
        Assert.Same(key, RequestSigner.Verify(header, "{}"u8, At.AddMinutes(-4), [key], out _));
    }

    [Fact]
    public void Verify_Stale_Rejected()
    {
        var key = SigningKey.Parse(Key);
        var header = RequestSigner.Sign("{}"u8, key, At);
        Assert.Null(RequestSigner.Verify(header, "{}"u8, At.AddMinutes(6), [key], out var error));
        Assert.Contains("expired", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TamperedBody_Rejected()
    {
        var key = SigningKey.Parse(Key);
        var header = RequestSigner.Sign("""{"a":1}"""u8, key, At);
        Assert.Null(RequestSigner.Verify(header, """{"a":2}"""u8, At, [key], out var error));
        Assert.Contains("does not match", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_FallbackKey_ReturnsFallback()
    {
        var old = SigningKey.Parse("signkey-prod-aaaa");
        var current = SigningKey.Parse("signkey-prod-bbbb");
        var header = RequestSigner.Sign("x"u8, old, At);
        Assert.Same(old, RequestSigner.Verify(header, "x"u8, At, [current, old], out _));
        Assert.Null(RequestSigner.Verify(header, "x"u8, At, [current], out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("t=1700000000")]
    [InlineData("s=abcd")]
    [InlineData("t=abc&s=abcd")]
    [InlineData("t=1700000000&s=zz")]
    public void Verify_MalformedHeader_Rejected(string? header) =>
        Assert.Null(RequestSigner.Verify(header, "x"u8, At, [SigningKey.Parse(Key)], out _));

    [Theory]
    [InlineData("Bearer signkey-test-4884fdaafea47c29fea7159d0daddd9c085d6200e1359e85bb81736af6b7c837", true)]
    [InlineData("Bearer signkey-test-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("Bearer 4884fdaafea47c29fea7159d0daddd9c085d6200e1359e85bb81736af6b7c837", true)]
    [InlineData("Bearer signkey-test-4884fdaafea47c29fea7159d0daddd9c085d6200e1359e85bb81736af6b7c838", false)]
    [InlineData("Bearer undefined", false)]
    [InlineData("Bearer ", false)]
    [InlineData(null, false)]
    public void IsAuthorized_HashedOrRawToken(string? header, bool expected) =>
        Assert.Equal(expected, BearerAuthenticator.IsAuthorized(header, [SigningKey.Parse(Key)]));

    [Fact]
    public void IsAuthorized_FallbackKeyToken_Accepted()
    {
        var fallback = SigningKey.Parse("signkey-prod-cafe");
        Assert.True(BearerAuthenticator.IsAuthorized("Bearer " + fallback.HashedBearer(), [SigningKey.Parse(Key), fallback]));
    }

    [Theory]
    [InlineData("signkey-prod-abc")]
    [InlineData("signkey-prod-")]
    [InlineData("signkey-prod-xyz0")]
    [InlineData("")]
    public void TryParse_BadKey_Fails(string value) => Assert.False(SigningKey.TryParse(value, out _, out _));

    [Fact]
    public void EventKeyHash_IsSha256OfText() =>
        Assert.Equal("756db3455bd70816c089ed7fcd514ab0e66cf5cdf62ccb7a3bca66d96ee3132c", SigningKey.EventKeyHash("my-event-key"));

    [Fact]
    public void Parse_BareHex_NoPrefix()
    {
        var key = SigningKey.Parse("abcd");
        Assert.Equal("", key.Prefix);
        Assert.Equal("abcd", key.Secret);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Convert.FromHexString("abcd"))), key.HashedBearer());
    }
}
