using System.Globalization;
using System.Text;

namespace Steadfast.Protocol.Time;

/// <summary>
/// Duration strings as Inngest uses them: the server accepts Go-style concatenations with fractions
/// (<c>1h30m</c>, <c>1.5h</c>, <c>500ms</c>, <c>3d</c>, <c>1w</c>) and the human forms of the JS <c>ms</c>
/// package (<c>3 days</c>, <c>30 mins</c>); SDKs send the compact form (<see cref="Format"/>).
/// </summary>
public static class Durations
{
    /// <summary>Longest sleep or wait Inngest allows.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(366);

    /// <summary>Parses a duration; throws <see cref="FormatException"/> with the reason when invalid.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses a duration string such as <c>3 days</c>, <c>1h30m</c> or <c>250ms</c>.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string? error)
    {
        value = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "duration is empty";
            return false;
        }

        if (text.Length > 64)
        {
            error = "duration is longer than 64 characters";
            return false;
        }

        var s = text.Trim();
        decimal totalMs = 0;
        var i = 0;
        var any = false;
        while (i < s.Length)
        {
            while (i < s.Length && s[i] == ' ')
            {
                i++;
            }

            if (i >= s.Length)
            {
                break;
            }

            var start = i;
            if (s[i] is '+')
            {
                i++;
            }

            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || !decimal.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                error = $"expected a number at position {start} in '{text}'";
                return false;
            }

            while (i < s.Length && s[i] == ' ')
            {
                i++;
            }

            var unitStart = i;
            while (i < s.Length && (char.IsAsciiLetter(s[i]) || s[i] == 'µ'))
            {
                i++;
            }

            var unit = s[unitStart..i].ToLowerInvariant();
            decimal factor;
            if (unit.Length == 0)
            {
                // The ms package treats a bare number as milliseconds.
                factor = 1;
            }
            else if (!TryUnit(unit, out factor))
            {
                error = $"unknown unit '{unit}' in '{text}' (use ms, s, m, h, d or w)";
                return false;
            }

            totalMs += number * factor;
            any = true;
        }

        if (!any)
        {
            error = $"no duration in '{text}'";
            return false;
        }

        if (totalMs > (decimal)TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            error = $"duration '{text}' is too long";
            return false;
        }

        value = TimeSpan.FromTicks((long)(totalMs * TimeSpan.TicksPerMillisecond));
        return true;
    }

    private static bool TryUnit(string unit, out decimal ms)
    {
        ms = unit switch
        {
            "ns" => 0.000001m,
            "us" or "µs" => 0.001m,
            "ms" or "msec" or "msecs" or "millisecond" or "milliseconds" => 1m,
            "s" or "sec" or "secs" or "second" or "seconds" => 1000m,
            "m" or "min" or "mins" or "minute" or "minutes" => 60_000m,
            "h" or "hr" or "hrs" or "hour" or "hours" => 3_600_000m,
            "d" or "day" or "days" => 86_400_000m,
            "w" or "week" or "weeks" => 604_800_000m,
            "y" or "yr" or "yrs" or "year" or "years" => 31_557_600_000m,
            _ => -1m,
        };
        return ms >= 0;
    }

    /// <summary>
    /// Formats a duration the way the JS SDK's <c>timeStr</c> does: units w, d, h, m, s only, largest first,
    /// sub-second remainders rounded up to a whole second (<c>90 minutes</c> → <c>1h30m</c>).
    /// </summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        var seconds = (long)Math.Ceiling(value.TotalSeconds);
        var sb = new StringBuilder();
        Append(sb, ref seconds, 604_800, 'w');
        Append(sb, ref seconds, 86_400, 'd');
        Append(sb, ref seconds, 3_600, 'h');
        Append(sb, ref seconds, 60, 'm');
        Append(sb, ref seconds, 1, 's');
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, ref long seconds, long unit, char suffix)
    {
        if (seconds >= unit)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{seconds / unit}{suffix}");
            seconds %= unit;
        }
    }

    /// <summary>
    /// Resolves a sleep/timeout string to a due time: an ISO-8601 instant (<c>2030-01-01T00:00:00.000Z</c>) or a
    /// duration from <paramref name="now"/>. Clamped to <see cref="Max"/>.
    /// </summary>
    public static bool TryResolveDue(string? text, DateTimeOffset now, out DateTimeOffset due, out string? error)
    {
        due = now;
        error = null;
        if (text is { Length: >= 10 } && char.IsAsciiDigit(text[0]) && text.Contains('-') &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            due = at > now + Max ? now + Max : at;
            return true;
        }

        if (!TryParse(text, out var span, out error))
        {
            return false;
        }

        due = now + (span > Max ? Max : span);
        return true;
    }
}
