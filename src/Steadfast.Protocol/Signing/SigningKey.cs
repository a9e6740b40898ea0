using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Steadfast.Protocol.Signing;

/// <summary>
/// An Inngest signing key, <c>signkey-&lt;env&gt;-&lt;hex&gt;</c> (reference §7). The HMAC key used for request
/// signatures is the ASCII text of the hex part itself, not the decoded bytes.
/// </summary>
public sealed partial class SigningKey
{
    private SigningKey(string value, string prefix, string secret)
    {
        Value = value;
        Prefix = prefix;
        Secret = secret;
        HmacKey = Encoding.ASCII.GetBytes(secret);
    }

    /// <summary>The key as configured, including the prefix.</summary>
    public string Value { get; }

    /// <summary>The <c>signkey-&lt;env&gt;-</c> prefix, or empty when the key has none.</summary>
    public string Prefix { get; }

    /// <summary>The hex text after the prefix.</summary>
    public string Secret { get; }

    /// <summary>The bytes the HMAC is keyed with (ASCII of <see cref="Secret"/>).</summary>
    internal byte[] HmacKey { get; }

    /// <summary>
    /// The bearer token the SDKs send to the server API: the prefix followed by
    /// <c>hex(sha256(hexdecode(secret)))</c>.
    /// </summary>
    /// <exception cref="FormatException">The secret is not even-length hex.</exception>
    public string HashedBearer() => Prefix + HashSecret(Secret);

    /// <summary>Parses a key; the hex part must be non-empty, even-length hex.</summary>
    /// <exception cref="FormatException">The key is not <c>signkey-&lt;env&gt;-&lt;hex&gt;</c> (or bare hex).</exception>
    public static SigningKey Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!TryParse(value, out var key, out var error))
        {
            throw new FormatException(error);
        }

        return key;
    }

    /// <summary>Parses a key without throwing; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? value, out SigningKey key, out string error)
    {
        key = null!;
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            error = "the signing key is empty";
            return false;
        }

        var m = PrefixPattern().Match(value);
        var prefix = m.Success ? m.Value : "";
        var secret = value[prefix.Length..];
        if (secret.Length == 0 || secret.Length % 2 != 0 || !IsHex(secret))
        {
            error = "a signing key is signkey-<env>-<hex> with an even number of hex digits after the prefix";
            return false;
        }

        key = new SigningKey(value, prefix, secret);
        error = "";
        return true;
    }

    /// <summary>Strips a <c>signkey-&lt;env&gt;-</c> prefix from <paramref name="value"/>.</summary>
    public static string StripPrefix(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var m = PrefixPattern().Match(value);
        return m.Success ? value[m.Length..] : value;
    }

    /// <summary><c>hex(sha256(hexdecode(secret)))</c>, lower case.</summary>
    /// <exception cref="FormatException"><paramref name="secret"/> is not hex.</exception>
    public static string HashSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Convert.FromHexString(secret)));
    }

    /// <summary>Lower-case hex SHA-256 of the event key string (the introspection <c>event_key_hash</c>).</summary>
    public static string EventKeyHash(string eventKey)
    {
        ArgumentNullException.ThrowIfNull(eventKey);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventKey)));
    }

    /// <inheritdoc />
    public override string ToString() => Prefix + "***";

    private static bool IsHex(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"^signkey-\w+-", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();
}
