using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Steadfast.Expressions.Runtime;

/// <summary>
/// Durations and timestamps. Both are held as .NET ticks (100 ns), so sub-100 ns digits of a
/// literal are dropped; ranges follow CEL (durations within ±10,000 years, timestamps in years
/// 0001–9999, UTC).
/// </summary>
internal static partial class CelTime
{
    private const long MaxDurationTicks = 315_576_000_000L * TimeSpan.TicksPerSecond;
    private static readonly long s_minTimestampTicks = DateTimeOffset.MinValue.UtcTicks;
    private static readonly long s_maxTimestampTicks = DateTimeOffset.MaxValue.UtcTicks;

    public static CelValue Duration(long ticks) =>
        ticks is > MaxDurationTicks or < -MaxDurationTicks ? CelValue.FromError("duration out of range") : CelValue.FromDurationTicks(ticks);

    public static CelValue Timestamp(long ticks) =>
        ticks < s_minTimestampTicks || ticks > s_maxTimestampTicks ? CelValue.FromError("timestamp out of range") : CelValue.FromTimestampTicks(ticks);

    /// <summary>Parses a Go/protobuf duration: <c>"1h30m"</c>, <c>"-1.5s"</c>, <c>"100ms"</c>, <c>"2us"</c>, <c>"0"</c>.</summary>
    public static CelValue ParseDuration(string text)
    {
        if (text is "0" or "+0" or "-0")
        {
            return CelValue.FromDurationTicks(0);
        }

        var match = DurationPattern().Match(text);
        if (!match.Success || text.Length == (match.Groups[1].Success ? 1 : 0))
        {
            return CelValue.FromError($"invalid duration: '{text}'");
        }

        decimal total = 0;
        foreach (Capture part in match.Groups[2].Captures)
        {
            var unitStart = part.Value.IndexOfAny(['h', 'm', 's', 'u', 'µ', 'n']);
            var number = decimal.Parse(part.Value[..unitStart], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            total += part.Value[unitStart..] switch
            {
                "h" => number * 3600m * TimeSpan.TicksPerSecond,
                "m" => number * 60m * TimeSpan.TicksPerSecond,
                "s" => number * TimeSpan.TicksPerSecond,
                "ms" => number * TimeSpan.TicksPerMillisecond,
                "us" or "µs" => number * 10m,
                _ => number / 100m,
            };
            if (total > MaxDurationTicks)
            {
                return CelValue.FromError("duration out of range");
            }
        }

        var ticks = (long)decimal.Truncate(total);
        return Duration(match.Groups[1].Value == "-" ? -ticks : ticks);
    }

    /// <summary>Parses an RFC 3339 timestamp such as <c>2009-02-13T23:31:30Z</c> or <c>...30.5+01:00</c>.</summary>
    public static CelValue ParseTimestamp(string text)
    {
        var m = TimestampPattern().Match(text);
        if (!m.Success)
        {
            return CelValue.FromError($"invalid timestamp: '{text}'");
        }

        try
        {
            var fraction = m.Groups[7].Success ? m.Groups[7].Value.PadRight(7, '0')[..7] : "0";
            var offset = m.Groups[8].Value is "Z" or "z"
                ? TimeSpan.Zero
                : TimeSpan.ParseExact(m.Groups[8].Value[1..], @"hh\:mm", CultureInfo.InvariantCulture) * (m.Groups[8].Value[0] == '-' ? -1 : 1);
            var local = new DateTime(
                Int(1), Int(2), Int(3), Int(4), Int(5), Int(6), DateTimeKind.Unspecified).AddTicks(long.Parse(fraction, CultureInfo.InvariantCulture));
            return Timestamp(local.Ticks - offset.Ticks);
        }
        catch (ArgumentException)
        {
            return CelValue.FromError($"invalid timestamp: '{text}'");
        }

        int Int(int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
    }

    public static string FormatDuration(long ticks)
    {
        var seconds = ticks / (decimal)TimeSpan.TicksPerSecond;
        return seconds.ToString("0.#######", CultureInfo.InvariantCulture) + "s";
    }

    public static string FormatTimestamp(long ticks)
    {
        var dt = new DateTime(ticks, DateTimeKind.Utc);
        var sb = new StringBuilder(dt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        var fraction = ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            sb.Append('.').Append(fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0'));
        }

        return sb.Append('Z').ToString();
    }

    [GeneratedRegex(@"^([+-])?((?:\d+(?:\.\d*)?|\.\d+)(?:h|ms|m|s|us|µs|ns))+$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();
}
