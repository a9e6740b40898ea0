using Steadfast.Clerk.Svix;
using Steadfast.Clerk.Tests.Support;

namespace Steadfast.Clerk.Tests.Svix;

/// <summary>clerk-svix.md §1.9 and §6 scenario 2: the libraries' own known-answer vectors.</summary>
public sealed class KnownVectorTests
{
    public static TheoryData<string> Vectors => KnownVector.Names("vectors");

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Sign_KnownVector_ProducesExpectedSignature(string name)
    {
        var vector = KnownVector.Named(name);

        var signature = WebhookSecret.Parse(vector.Secret).Sign(vector.MessageId, vector.Timestamp, vector.Payload);

        Assert.Equal(vector.Signature, signature);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_KnownVectorWithClockAtTimestamp_Succeeds(string name)
    {
        var vector = KnownVector.Named(name);
        var verifier = new SvixSignatureVerifier(vector.Secret, timeProvider: Clock.At(vector.Timestamp));

        var result = verifier.Verify(vector.Payload, Headers(vector, vector.Signature));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(vector.MessageId, result.MessageId);
        Assert.Equal(vector.Timestamp, result.Timestamp);
    }

    [Fact]
    public void Verify_PythonNegativeVector_FailsWithNoMatchingSignature()
    {
        var vector = KnownVector.Named("python-invalid-signature (last char changed)");
        var verifier = new SvixSignatureVerifier(vector.Secret, timeProvider: Clock.At(vector.Timestamp));

        var result = verifier.Verify(vector.Payload, Headers(vector, vector.Signature));

        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
    }

    [Fact]
    public void Verify_RustNonMatchingAndDecoySignatures_FailWithNoMatchingSignature()
    {
        var vector = KnownVector.Named("svix-rust-sign");
        var verifier = new SvixSignatureVerifier(vector.Secret, timeProvider: Clock.At(vector.Timestamp));
        var decoys = "v1,R3PTzyfHASBKHH98a7yexTwaJ4yNIcGhFQc1yuN+BPU= v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

        var result = verifier.Verify(vector.Payload, Headers(vector, decoys));

        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
    }

    [Fact]
    public void Verify_PaddingBitsAltered_FailsBecauseComparisonIsOnCanonicalText()
    {
        // '...1OE=' -> '...1OF=' changes only the two padding bits, so a lenient base64 decoder would accept it.
        var vector = KnownVector.Named("svix-sign-basic");
        var verifier = new SvixSignatureVerifier(vector.Secret, timeProvider: Clock.At(vector.Timestamp));

        var result = verifier.Verify(vector.Payload, Headers(vector, vector.Signature.Replace("1OE=", "1OF=", StringComparison.Ordinal)));

        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
    }

    private static WebhookHeaders Headers(KnownVector vector, string signature) =>
        WebhookHeaders.FromSvix(vector.MessageId, vector.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), signature);
}
