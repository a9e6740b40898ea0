using Steadfast.Clerk.Svix;
using Steadfast.Clerk.Tests.Support;

namespace Steadfast.Clerk.Tests.Svix;

/// <summary>§6 scenarios 3, 9, 11, 12: several entries, versions, decoys and malformed entries.</summary>
public sealed class SignatureEntryTests
{
    private const string Decoy = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
    private const string DecoyV2 = "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
    private static readonly FixtureEntry Entry = Fixtures.Entry("user.created.json");

    private static WebhookVerificationResult Verify(string signatureHeader) =>
        new SvixSignatureVerifier(Fixtures.Secret, timeProvider: Clock.At(Entry.TimestampSeconds))
            .Verify(Entry.Body, Entry.Headers(signatureHeader));

    [Theory]
    [InlineData("first")]
    [InlineData("middle")]
    [InlineData("last")]
    public void Verify_ValidEntryAmongDecoys_Succeeds(string position)
    {
        var header = position switch
        {
            "first" => $"{Entry.Signature} {Decoy} {DecoyV2}",
            "middle" => $"{Decoy} {Entry.Signature} {DecoyV2}",
            _ => $"{Decoy} {DecoyV2} {Entry.Signature}",
        };

        Assert.True(Verify(header).IsValid);
    }

    [Fact]
    public void Verify_OnlyDecoys_FailsWithNoMatchingSignature()
    {
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, Verify($"{Decoy} {DecoyV2}").Failure);
    }

    [Fact]
    public void Verify_OneBase64CharacterFlipped_FailsWithNoMatchingSignature()
    {
        var flipped = Entry.Signature[..10] + (Entry.Signature[10] == 'A' ? 'B' : 'A') + Entry.Signature[11..];

        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, Verify(flipped).Failure);
    }

    [Theory]
    [InlineData("v1a")]
    [InlineData("v2")]
    [InlineData("V1")]
    [InlineData("v1 ")]
    [InlineData("")]
    public void Verify_RightMacUnderOtherVersion_FailsWithNoMatchingSignature(string version)
    {
        var header = version + Entry.Signature[2..];

        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, Verify(header).Failure);
    }

    [Theory]
    [InlineData("v1,")]
    [InlineData("v1")]
    [InlineData(",")]
    public void Verify_EmptyOrCommaOnlyEntry_FailsWithNoMatchingSignature(string header)
    {
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, Verify(header).Failure);
    }

    [Fact]
    public void Verify_FirstEightCharactersOfValidHeader_FailsWithNoMatchingSignature()
    {
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, Verify(Entry.Signature[..8]).Failure);
    }

    [Fact]
    public void Verify_ValidSignatureWithoutVersionPrefixOrWithTrailingJunk_Fails()
    {
        Assert.False(Verify(Entry.Signature[3..]).IsValid);
        Assert.False(Verify(Entry.Signature + "x").IsValid);
        Assert.False(Verify(Entry.Signature + ",v1").IsValid);
    }

    [Fact]
    public void Verify_EntryWithoutCommaFollowedByValidEntry_SkipsMalformedAndSucceeds()
    {
        Assert.True(Verify($"garbage {Entry.Signature}").IsValid);
    }

    [Fact]
    public void Verify_RepeatedSpacesBetweenEntries_StillFindsValidEntry()
    {
        Assert.True(Verify($"{Decoy}  {Entry.Signature}").IsValid);
    }
}
