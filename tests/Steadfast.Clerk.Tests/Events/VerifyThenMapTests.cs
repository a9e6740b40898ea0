using System.Text;
using FsCheck.Xunit;
using Steadfast.Clerk.Events;
using Steadfast.Clerk.Svix;
using Steadfast.Clerk.Tests.Support;

namespace Steadfast.Clerk.Tests.Events;

/// <summary>§6 scenarios 18 and 19: a valid signature over a bad body verifies, then mapping rejects it specifically.</summary>
public sealed class VerifyThenMapTests
{
    private const long Now = 1_741_946_402;

    [Theory]
    [InlineData(new byte[] { (byte)'n', (byte)'o', (byte)'t', (byte)' ', (byte)'j', (byte)'s', (byte)'o', (byte)'n' }, ClerkPayloadError.MalformedJson)]
    [InlineData(new byte[] { 0xFF, 0xFE }, ClerkPayloadError.NotUtf8)]
    public void VerifyThenMap_SignedBadBody_VerifiesThenFailsWithPayloadError(byte[] body, ClerkPayloadError expected)
    {
        var clock = Clock.At(Now);
        var verifier = new SvixSignatureVerifier(Fixtures.Secret, timeProvider: clock);
        var headers = verifier.CreateHeaders("msg_bad_body", body);

        var verification = verifier.Verify(body, headers);
        var mapped = new ClerkEventMapper(clock).TryMap(body, verification.MessageId!, out _, out var error);

        Assert.True(verification.IsValid, verification.ToString());
        Assert.False(mapped);
        Assert.Equal(expected, error!.Error);
    }

    [Property(MaxTest = 500)]
    public bool TryMap_RandomBytes_NeverThrows(byte[] body)
    {
        var mapper = new ClerkEventMapper(Clock.At(Now));

        var ok = mapper.TryMap(body ?? [], "msg_1", out var mapped, out var error);

        return ok ? mapped!.Name.StartsWith("clerk/", StringComparison.Ordinal) : error is not null;
    }

    [Property(MaxTest = 300)]
    public bool TryMap_RandomTypeString_MapsOnlySafeTypes(string? type)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"type":{{System.Text.Json.JsonSerializer.Serialize(type)}},"data":{},"timestamp":1741946400000}""");

        var ok = new ClerkEventMapper(Clock.At(Now)).TryMap(json, "msg_1", out var mapped, out _);

        return ok == (type is not null && ClerkEventMapper.IsSafeEventType(type)) && (!ok || mapped!.Name == "clerk/" + type);
    }
}
