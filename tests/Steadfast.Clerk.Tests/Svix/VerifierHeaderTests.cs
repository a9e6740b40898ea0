using Steadfast.Clerk.Svix;
using Steadfast.Clerk.Tests.Support;

namespace Steadfast.Clerk.Tests.Svix;

/// <summary>§6 scenarios 13–16 and 20: header presence, families, case, duplicates and size limits.</summary>
public sealed class VerifierHeaderTests
{
    private static readonly FixtureEntry Entry = Fixtures.Entry("user.created.json");

    private static SvixSignatureVerifier Verifier(SvixVerificationOptions? options = null) =>
        new(Fixtures.Secret, options, Clock.At(Entry.TimestampSeconds));

    [Theory]
    [InlineData("svix-id")]
    [InlineData("svix-timestamp")]
    [InlineData("svix-signature")]
    public void Verify_OneSvixHeaderMissing_FailsNamingThatHeader(string missing)
    {
        var headers = new WebhookHeaders();
        foreach (var (name, value) in SvixTrio())
        {
            if (name != missing)
            {
                headers.Add(name, value);
            }
        }

        var result = Verifier().Verify(Entry.Body, headers);

        Assert.Equal(WebhookVerificationFailure.MissingHeaders, result.Failure);
        Assert.Equal(missing, result.HeaderName);
        Assert.Contains(missing, result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("svix-id")]
    [InlineData("svix-timestamp")]
    [InlineData("svix-signature")]
    public void Verify_OneSvixHeaderEmpty_FailsWithMissingHeaders(string empty)
    {
        var headers = new WebhookHeaders();
        foreach (var (name, value) in SvixTrio())
        {
            headers.Add(name, name == empty ? string.Empty : value);
        }

        var result = Verifier().Verify(Entry.Body, headers);

        Assert.Equal(WebhookVerificationFailure.MissingHeaders, result.Failure);
        Assert.Equal(empty, result.HeaderName);
    }

    [Fact]
    public void Verify_NoHeadersAtAll_FailsNamingAllThree()
    {
        var result = Verifier().Verify(Entry.Body, new WebhookHeaders());

        Assert.Equal(WebhookVerificationFailure.MissingHeaders, result.Failure);
        Assert.Equal("svix-id, svix-timestamp, svix-signature", result.HeaderName);
    }

    [Fact]
    public void Verify_UnbrandedHeadersOnly_Succeeds()
    {
        var headers = new WebhookHeaders()
            .Add("webhook-id", Entry.SvixId)
            .Add("webhook-timestamp", Entry.SvixTimestamp)
            .Add("webhook-signature", Entry.Signature);

        var result = Verifier().Verify(Entry.Body, headers);

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Verify_UnbrandedHeadersIncomplete_FailsNamingUnbrandedHeader()
    {
        var headers = new WebhookHeaders()
            .Add("webhook-id", Entry.SvixId)
            .Add("webhook-signature", Entry.Signature);

        var result = Verifier().Verify(Entry.Body, headers);

        Assert.Equal(WebhookVerificationFailure.MissingHeaders, result.Failure);
        Assert.Equal("webhook-timestamp", result.HeaderName);
    }

    [Fact]
    public void Verify_MixedFamilies_FailsWithMissingHeaders()
    {
        var headers = new WebhookHeaders()
            .Add("svix-id", Entry.SvixId)
            .Add("svix-timestamp", Entry.SvixTimestamp)
            .Add("webhook-signature", Entry.Signature);

        var result = Verifier().Verify(Entry.Body, headers);

        Assert.Equal(WebhookVerificationFailure.MissingHeaders, result.Failure);
        Assert.Equal("svix-signature", result.HeaderName);
    }

    [Fact]
    public void Verify_CompleteSvixTrioWithBadSignatureAndValidUnbrandedTrio_UsesSvixFamilyAndFails()
    {
        var headers = WebhookHeaders.FromSvix(Entry.SvixId, Entry.SvixTimestamp, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=")
            .Add("webhook-id", Entry.SvixId)
            .Add("webhook-timestamp", Entry.SvixTimestamp)
            .Add("webhook-signature", Entry.Signature);

        var result = Verifier().Verify(Entry.Body, headers);

        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
        Assert.Equal("svix-signature", result.HeaderName);
    }

    [Fact]
    public void Verify_HeaderNamesInOtherCase_Succeeds()
    {
        var headers = new WebhookHeaders()
            .Add("SVIX-ID", Entry.SvixId)
            .Add("Svix-Timestamp", Entry.SvixTimestamp)
            .Add("Svix-Signature", Entry.Signature);

        var result = Verifier().Verify(Entry.Body, headers);

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Verify_SignatureHeaderSentTwice_FailsWithDuplicateHeader()
    {
        var headers = Entry.Headers().Add("Svix-Signature", Entry.Signature);

        var result = Verifier().Verify(Entry.Body, headers);

        Assert.Equal(WebhookVerificationFailure.DuplicateHeader, result.Failure);
        Assert.Equal("svix-signature", result.HeaderName);
    }

    [Fact]
    public void Verify_HeaderLongerThanLimit_FailsWithHeaderTooLong()
    {
        var longSignature = string.Join(' ', Enumerable.Repeat(Entry.Signature, 100));

        var result = Verifier().Verify(Entry.Body, Entry.Headers(longSignature));

        Assert.Equal(WebhookVerificationFailure.HeaderTooLong, result.Failure);
    }

    [Fact]
    public void Verify_MoreEntriesThanLimit_FailsWithTooManySignatures()
    {
        var options = new SvixVerificationOptions { MaxSignatures = 3 };
        var signature = string.Join(' ', Enumerable.Repeat("v1,x", 3).Append(Entry.Signature));

        var result = Verifier(options).Verify(Entry.Body, Entry.Headers(signature));

        Assert.Equal(WebhookVerificationFailure.TooManySignatures, result.Failure);
    }

    [Fact]
    public void Verify_BodyAtLimit_IsHashedAndBodyOverLimit_FailsWithBodyTooLarge()
    {
        var vector = KnownVector.Named("svix-csharp-large-1MiB");
        var verifier = new SvixSignatureVerifier(vector.Secret, timeProvider: Clock.At(vector.Timestamp));
        var headers = WebhookHeaders.FromSvix(vector.MessageId, vector.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), vector.Signature);
        var oversized = new byte[vector.Payload.Length + 1];
        vector.Payload.CopyTo(oversized, 0);
        oversized[^1] = (byte)'a';

        Assert.True(verifier.Verify(vector.Payload, headers).IsValid);
        Assert.Equal(WebhookVerificationFailure.BodyTooLarge, verifier.Verify(oversized, headers).Failure);
    }

    [Theory]
    [InlineData("msg.1")]
    [InlineData("msg\n1")]
    public void Verify_MessageIdWithFullStopOrControlCharacter_FailsWithInvalidMessageId(string id)
    {
        var result = Verifier().Verify(Entry.Body, WebhookHeaders.FromSvix(id, Entry.SvixTimestamp, Entry.Signature));

        Assert.Equal(WebhookVerificationFailure.InvalidMessageId, result.Failure);
    }

    private static (string Name, string Value)[] SvixTrio() =>
        [("svix-id", Entry.SvixId), ("svix-timestamp", Entry.SvixTimestamp), ("svix-signature", Entry.Signature)];
}
