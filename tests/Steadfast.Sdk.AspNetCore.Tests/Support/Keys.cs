using Steadfast.Protocol.Signing;

namespace Steadfast.Sdk.AspNetCore.Tests.Support;

internal static class Keys
{
    public const string Primary = "signkey-test-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public const string Fallback = "signkey-test-fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    public const string Other = "signkey-test-00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    public const string EventKey = "test-event-key";

    public static string Sign(byte[] body, string key, DateTimeOffset? at = null) =>
        RequestSigner.Sign(body, SigningKey.Parse(key), at ?? DateTimeOffset.UtcNow);

    public static bool Verifies(string? header, byte[] body, string key) =>
        RequestSigner.Verify(header, body, DateTimeOffset.UtcNow, [SigningKey.Parse(key)], out _) is not null;
}
