using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Steadfast.Protocol.Json;

/// <summary>ECMAScript <c>Number.prototype.toString()</c> for doubles, as RFC 8785 §3.2.2.3 requires.</summary>
public static class JcsNumber
{
    /// <summary>Formats <paramref name="value"/> exactly as JavaScript would print it.</summary>
    /// <exception cref="JsonException"><paramref name="value"/> is NaN or infinite (not representable in JSON).</exception>
    public static string Format(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new JsonException("NaN and Infinity cannot be canonicalized (RFC 8785 §3.2.2.3).");
        }

        if (value == 0)
        {
            return "0"; // also -0
        }

        // "R" yields the shortest digits that round-trip, which is what ECMAScript's algorithm selects.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest[0] == '-';
        var s = negative ? shortest[1..] : shortest;

        // Split "R" output into its significant digits and decimal exponent n (value = 0.digits × 10^n).
        var exponent = 0;
        var e = s.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }

        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? s[..dot] : s;
        var fracPart = dot >= 0 ? s[(dot + 1)..] : "";
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        var n = intPart.Length - leadingZeros + exponent;
        digits = digits.TrimEnd('0');
        var k = digits.Length;

        var sb = new StringBuilder(32);
        if (negative)
        {
            sb.Append('-');
        }

        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var exp = n - 1;
            sb.Append(digits[0]);
            if (k > 1)
            {
                sb.Append('.').Append(digits, 1, k - 1);
            }

            sb.Append('e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
