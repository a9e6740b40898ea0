using System.Security.Cryptography;
using Steadfast.Clerk.Svix;
using Steadfast.Clerk.Tests.Support;

namespace Steadfast.Clerk.Tests.Svix;

/// <summary>Every fixture of clerk-fixtures/signatures.json (§6 scenarios 1 and 10).</summary>
public sealed class FixtureSignatureTests
{
    public static TheoryData<string> Files => Fixtures.Files();

    [Theory]
    [MemberData(nameof(Files))]
    public void FixtureFile_Bytes_MatchManifestHashAndLength(string file)
    {
        var entry = Fixtures.Entry(file);

        var body = entry.Body;

        Assert.Equal(entry.BodyBytes, body.Length);
        Assert.Equal(entry.BodySha256, Convert.ToHexStringLower(SHA256.HashData(body)));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Verify_FixtureWithManifestHeaders_Succeeds(string file)
    {
        var entry = Fixtures.Entry(file);
        var verifier = new SvixSignatureVerifier(Fixtures.Secret, timeProvider: Clock.At(entry.TimestampSeconds));

        var result = verifier.Verify(entry.Body, entry.Headers());

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(entry.SvixId, result.MessageId);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Sign_FixtureBody_ReproducesManifestSignature(string file)
    {
        var entry = Fixtures.Entry(file);

        var signature = WebhookSecret.Parse(Fixtures.Secret).Sign(entry.SvixId, entry.TimestampSeconds, entry.Body);

        Assert.Equal(entry.Signature, signature);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Verify_RotationHeaderWithNewKey_Succeeds(string file)
    {
        var entry = Fixtures.Entry(file);
        var verifier = new SvixSignatureVerifier(Fixtures.Secret, timeProvider: Clock.At(entry.TimestampSeconds));

        var result = verifier.Verify(entry.Body, entry.Headers(entry.RotationSignature));

        Assert.True(result.IsValid, result.ToString());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Verify_RotationHeaderWithOnlyPreviousKey_Succeeds(string file)
    {
        var entry = Fixtures.Entry(file);
        var verifier = new SvixSignatureVerifier(Fixtures.PreviousSecret, timeProvider: Clock.At(entry.TimestampSeconds));

        var result = verifier.Verify(entry.Body, entry.Headers(entry.RotationSignature));

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Verify_RotationHeaderWithUnrelatedKey_FailsWithNoMatchingSignature()
    {
        var entry = Fixtures.Entry("user.created.json");
        var verifier = new SvixSignatureVerifier(WebhookSecret.Generate().Reveal(), timeProvider: Clock.At(entry.TimestampSeconds));

        var result = verifier.Verify(entry.Body, entry.Headers(entry.RotationSignature));

        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
    }

    [Fact]
    public void Verify_SingleSignatureOfNewKeyWithBothKeysConfigured_Succeeds()
    {
        var entry = Fixtures.Entry("user.updated.json");
        var verifier = new SvixSignatureVerifier([Fixtures.PreviousSecret, Fixtures.Secret], timeProvider: Clock.At(entry.TimestampSeconds));

        var result = verifier.Verify(entry.Body, entry.Headers());

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Verify_BodyWithOneByteChanged_FailsWithNoMatchingSignature()
    {
        var entry = Fixtures.Entry("user.created.json");
        var body = entry.Body;
        body[100] ^= 0x01;
        var verifier = new SvixSignatureVerifier(Fixtures.Secret, timeProvider: Clock.At(entry.TimestampSeconds));

        var result = verifier.Verify(body, entry.Headers());

        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
    }

    [Fact]
    public void Verify_BodyReserializedWithoutWhitespace_FailsWithNoMatchingSignature()
    {
        var entry = Fixtures.Entry("user.created.json");
        using var document = System.Text.Json.JsonDocument.Parse(entry.Body);
        var compact = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(document.RootElement);
        var verifier = new SvixSignatureVerifier(Fixtures.Secret, timeProvider: Clock.At(entry.TimestampSeconds));

        var result = verifier.Verify(compact, entry.Headers());

        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
    }
}
