using System.Text;
using Steadfast.Clerk.Svix;
using Steadfast.Clerk.Tests.Support;

namespace Steadfast.Clerk.Tests.Svix;

/// <summary>§6 scenario 17: secret variants and configuration errors.</summary>
public sealed class WebhookSecretTests
{
    private static readonly FixtureEntry Entry = Fixtures.Entry("user.created.json");

    [Fact]
    public void Verify_SecretWithoutPrefix_VerifiesLikeWithPrefix()
    {
        var bare = Fixtures.Secret["whsec_".Length..];
        var verifier = new SvixSignatureVerifier(bare, timeProvider: Clock.At(Entry.TimestampSeconds));

        Assert.True(verifier.Verify(Entry.Body, Entry.Headers()).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_@@@@")]
    [InlineData("whsk_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY")]
    [InlineData("whpk_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY")]
    public void Parse_UnusableSecret_ThrowsWebhookSecretFormatException(string secret)
    {
        var exception = Assert.Throws<WebhookSecretFormatException>(() => WebhookSecret.Parse(secret));

        Assert.DoesNotContain("QUJD", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_UnusableSecret_FailsAtStartUp()
    {
        Assert.Throws<WebhookSecretFormatException>(() => new SvixSignatureVerifier("whsec_%%%"));
        Assert.Throws<ArgumentException>(() => new SvixSignatureVerifier(Array.Empty<string>()));
    }

    [Fact]
    public void StaticVerify_UnusableSecret_ReturnsInvalidSecretInsteadOfThrowing()
    {
        var result = SvixSignatureVerifier.Verify("whsec_%%%", Entry.Body, Entry.Headers(), timeProvider: Clock.At(Entry.TimestampSeconds));

        Assert.Equal(WebhookVerificationFailure.InvalidSecret, result.Failure);
    }

    [Fact]
    public void StaticVerify_ValidSecret_Succeeds()
    {
        var result = SvixSignatureVerifier.Verify(Fixtures.Secret, Entry.Body, Entry.Headers(), timeProvider: Clock.At(Entry.TimestampSeconds));

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void ToString_NeverRevealsKey()
    {
        var secret = WebhookSecret.Parse(Fixtures.Secret);

        Assert.DoesNotContain("QUJD", secret.ToString(), StringComparison.Ordinal);
        Assert.Equal(Fixtures.Secret, secret.Reveal());
        Assert.Equal(24, secret.KeyLength);
    }

    [Fact]
    public void Generate_ProducesDistinct24ByteSecretsThatRoundTrip()
    {
        var a = WebhookSecret.Generate();
        var b = WebhookSecret.Generate();

        Assert.NotEqual(a.Reveal(), b.Reveal());
        Assert.Equal(24, WebhookSecret.Parse(a.Reveal()).KeyLength);
        Assert.StartsWith("whsec_", a.Reveal(), StringComparison.Ordinal);
    }

    [Fact]
    public void CreateHeaders_WithTwoSecrets_SignsWithBothAtClockTime()
    {
        var clock = Clock.At(1_741_946_402);
        var signer = new SvixSignatureVerifier([Fixtures.Secret, Fixtures.PreviousSecret], timeProvider: clock);
        var body = Encoding.UTF8.GetBytes("{\"type\":\"user.created\"}");

        var headers = signer.CreateHeaders("msg_abc", body);

        Assert.Equal("1741946402", headers.GetSingle("svix-timestamp"));
        Assert.Equal(2, headers.GetSingle("svix-signature")!.Split(' ').Length);
        Assert.True(new SvixSignatureVerifier(Fixtures.PreviousSecret, timeProvider: clock).Verify(body, headers).IsValid);
        Assert.True(new SvixSignatureVerifier(Fixtures.Secret, timeProvider: clock).Verify(body, headers).IsValid);
    }

    [Theory]
    [InlineData("msg.1", 1)]
    [InlineData("", 1)]
    [InlineData("msg_1", -1)]
    public void Sign_InvalidIdOrTimestamp_Throws(string id, long timestamp)
    {
        var secret = WebhookSecret.Parse(Fixtures.Secret);

        Assert.ThrowsAny<ArgumentException>(() => secret.Sign(id, timestamp, []));
    }
}
