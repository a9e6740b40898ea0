using Steadfast.Clerk.Svix;
using Steadfast.Clerk.Tests.Support;

namespace Steadfast.Clerk.Tests.Svix;

/// <summary>§6 scenarios 5–8: tolerance boundaries (inclusive) and strict timestamp parsing.</summary>
public sealed class VerifierTimestampTests
{
    private static readonly FixtureEntry Entry = Fixtures.Entry("user.created.json");

    [Theory]
    [InlineData(300, WebhookVerificationFailure.None)]
    [InlineData(301, WebhookVerificationFailure.TimestampTooOld)]
    [InlineData(-300, WebhookVerificationFailure.None)]
    [InlineData(-301, WebhookVerificationFailure.TimestampTooNew)]
    [InlineData(0, WebhookVerificationFailure.None)]
    public void Verify_ClockOffsetFromTimestamp_AppliesInclusiveFiveMinuteWindow(int offsetSeconds, WebhookVerificationFailure expected)
    {
        var verifier = new SvixSignatureVerifier(Fixtures.Secret, timeProvider: Clock.At(Entry.TimestampSeconds + offsetSeconds));

        var result = verifier.Verify(Entry.Body, Entry.Headers());

        Assert.Equal(expected, result.Failure);
    }

    [Fact]
    public void Verify_ClockAdvancesPastTolerance_StartsFailing()
    {
        var clock = Clock.At(Entry.TimestampSeconds);
        var verifier = new SvixSignatureVerifier(Fixtures.Secret, timeProvider: clock);
        Assert.True(verifier.Verify(Entry.Body, Entry.Headers()).IsValid);

        clock.Advance(TimeSpan.FromSeconds(301));

        Assert.Equal(WebhookVerificationFailure.TimestampTooOld, verifier.Verify(Entry.Body, Entry.Headers()).Failure);
    }

    [Theory]
    [InlineData(60, 61, WebhookVerificationFailure.TimestampTooOld)]
    [InlineData(60, 60, WebhookVerificationFailure.None)]
    [InlineData(3600, 3000, WebhookVerificationFailure.None)]
    public void Verify_ConfiguredTolerance_IsUsed(int toleranceSeconds, int offsetSeconds, WebhookVerificationFailure expected)
    {
        var options = new SvixVerificationOptions { Tolerance = TimeSpan.FromSeconds(toleranceSeconds) };
        var verifier = new SvixSignatureVerifier(Fixtures.Secret, options, Clock.At(Entry.TimestampSeconds + offsetSeconds));

        var result = verifier.Verify(Entry.Body, Entry.Headers());

        Assert.Equal(expected, result.Failure);
    }

    [Fact]
    public void Verify_TimestampHeaderChangedButSignatureFromOriginal_FailsWithNoMatchingSignature()
    {
        var verifier = new SvixSignatureVerifier(Fixtures.Secret, timeProvider: Clock.At(Entry.TimestampSeconds));
        var headers = WebhookHeaders.FromSvix(Entry.SvixId, (Entry.TimestampSeconds + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Entry.Signature);

        var result = verifier.Verify(Entry.Body, headers);

        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("-1")]
    [InlineData("+1741946402")]
    [InlineData(" 1741946402")]
    [InlineData("1741946402 ")]
    [InlineData("1741946402abc")]
    [InlineData("1741946402.0")]
    [InlineData("1,741,946,402")]
    [InlineData("1741946402000000000000000")]
    [InlineData("9223372036854775808")]
    [InlineData("١٧٤١٩٤٦٤٠٢")]
    [InlineData("0x67D3FF02")]
    public void Verify_NonCanonicalTimestamp_FailsWithInvalidTimestamp(string timestamp)
    {
        var verifier = new SvixSignatureVerifier(Fixtures.Secret, timeProvider: Clock.At(Entry.TimestampSeconds));

        var result = verifier.Verify(Entry.Body, WebhookHeaders.FromSvix(Entry.SvixId, timestamp, Entry.Signature));

        Assert.Equal(WebhookVerificationFailure.InvalidTimestamp, result.Failure);
        Assert.Equal("svix-timestamp", result.HeaderName);
    }

    [Fact]
    public void Options_ToleranceBelowOneSecond_IsRejectedAtConstruction()
    {
        var options = new SvixVerificationOptions { Tolerance = TimeSpan.Zero };

        Assert.Throws<ArgumentOutOfRangeException>(() => new SvixSignatureVerifier(Fixtures.Secret, options));
    }
}
