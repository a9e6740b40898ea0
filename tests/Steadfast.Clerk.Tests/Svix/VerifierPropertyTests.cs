using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Steadfast.Clerk.Svix;
using Steadfast.Clerk.Tests.Support;

namespace Steadfast.Clerk.Tests.Svix;

/// <summary>Random bytes and headers never make Verify throw, and never verify without the key.</summary>
public sealed class VerifierPropertyTests
{
    private const long Now = 1_741_946_402;
    private static readonly SvixSignatureVerifier Verifier = new(Fixtures.Secret, timeProvider: Clock.At(Now));

    [Property(MaxTest = 500)]
    public bool Verify_RandomBodyAndHeaderValues_ReturnsFailureWithoutThrowing(byte[] body, string? id, string? timestamp, string? signature)
    {
        var result = Verifier.Verify(body ?? [], WebhookHeaders.FromPairs(("svix-id", id), ("svix-timestamp", timestamp), ("svix-signature", signature)));

        return !result.IsValid && result.Failure != WebhookVerificationFailure.None && result.Message.Length > 0;
    }

    [Property(MaxTest = 500)]
    public bool Verify_RandomSignatureHeaderWithValidIdAndTimestamp_NeverVerifies(byte[] body, string? signature)
    {
        var result = Verifier.Verify(body ?? [], WebhookHeaders.FromPairs(("svix-id", "msg_1"), ("svix-timestamp", "1741946402"), ("svix-signature", signature)));

        return result.Failure is WebhookVerificationFailure.NoMatchingSignature
            or WebhookVerificationFailure.MissingHeaders
            or WebhookVerificationFailure.TooManySignatures
            or WebhookVerificationFailure.HeaderTooLong;
    }

    [Property(MaxTest = 300)]
    public bool Verify_RandomHeaderNamesAndValues_NeverThrows(KeyValuePair<string, string>[] pairs, byte[] body)
    {
        var headers = new WebhookHeaders();
        foreach (var (name, value) in pairs ?? [])
        {
            if (!string.IsNullOrEmpty(name))
            {
                headers.Add(name, value);
            }
        }

        return !Verifier.Verify(body ?? [], headers).IsValid;
    }

    [Property(MaxTest = 200)]
    public Property SignThenVerify_RandomBodyAndOffsetWithinTolerance_Verifies()
    {
        var offsets = Gen.Choose(-300, 300);
        var bodies = ArbMap.Default.GeneratorFor<byte[]>();
        var ids = Gen.Elements("msg_a", "msg_2pWRfSskXYHBFYczhu2QdSRYtlX", "0", "id-with-dash_and_underscore");
        var cases = from offset in offsets
                    from body in bodies
                    from id in ids
                    select (offset, body, id);
        return Prop.ForAll(
            cases.ToArbitrary(),
            t =>
            {
                var (offset, body, id) = t;
                var timestamp = Now + offset;
                var signature = WebhookSecret.Parse(Fixtures.Secret).Sign(id, timestamp, body);
                var headers = WebhookHeaders.FromSvix(id, timestamp.ToString(CultureInfo.InvariantCulture), signature);
                return Verifier.Verify(body, headers).IsValid;
            });
    }

    [Property(MaxTest = 200)]
    public Property Verify_AnySingleByteFlipOfSignedBody_Fails()
    {
        var cases = from body in ArbMap.Default.GeneratorFor<byte[]>().Where(b => b.Length > 0)
                    from index in Gen.Choose(0, body.Length - 1)
                    from bit in Gen.Choose(0, 7)
                    select (body, index, bit);
        return Prop.ForAll(
            cases.ToArbitrary(),
            t =>
            {
                var (body, index, bit) = t;
                var signature = WebhookSecret.Parse(Fixtures.Secret).Sign("msg_1", Now, body);
                var tampered = (byte[])body.Clone();
                tampered[index] ^= (byte)(1 << bit);
                return Verifier.Verify(tampered, WebhookHeaders.FromSvix("msg_1", "1741946402", signature)).Failure
                    == WebhookVerificationFailure.NoMatchingSignature;
            });
    }
}
