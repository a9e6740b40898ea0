using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Steadfast.Interop.Tests.Infrastructure;

/// <summary>Reference §7, written independently of the server's code so the two cross-check each other.</summary>
public static class Signatures
{
    public static string NewSigningKey() => "signkey-test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary><c>t=&lt;unix s&gt;&amp;s=hex(HMAC-SHA256(key = ASCII of the hex after the prefix, body + t))</c>.</summary>
    public static string Sign(string signingKey, string body, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t}&s={Mac(signingKey, body + t)}";
    }

    public static string Mac(string signingKey, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.ASCII.GetBytes(StripPrefix(signingKey)), Encoding.UTF8.GetBytes(message)));

    /// <summary>The bearer token the SDK sends: prefix + hex(sha256(hex-decoded key)).</summary>
    public static string HashedBearer(string signingKey)
    {
        var prefix = signingKey[..(signingKey.Length - StripPrefix(signingKey).Length)];
        return prefix + Convert.ToHexStringLower(SHA256.HashData(Convert.FromHexString(StripPrefix(signingKey))));
    }

    /// <summary>Checks a response's <c>X-Inngest-Signature</c> over the raw body string.</summary>
    public static bool Verify(string signingKey, string header, string body)
    {
        var parts = header.Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        return parts.TryGetValue("t", out var t) && parts.TryGetValue("s", out var s) &&
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(signingKey, body + t)), Encoding.ASCII.GetBytes(s));
    }

    private static string StripPrefix(string key) => System.Text.RegularExpressions.Regex.Replace(key, @"^signkey-\w+-", "");
}
