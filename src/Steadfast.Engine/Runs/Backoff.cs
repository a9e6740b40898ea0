using System.Globalization;

namespace Steadfast.Engine.Runs;

/// <summary>Inngest's retry backoff (reference §9.1): a table by attempt plus 0–30 s of jitter, or a fixed interval.</summary>
internal static class Backoff
{
    private static readonly TimeSpan[] Table =
    [
        TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(40),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2),
    ];

    /// <summary>The delay after <paramref name="failedAttempt"/> (zero-based) failed.</summary>
    public static TimeSpan Delay(int failedAttempt, TimeSpan? fixedInterval)
    {
        if (fixedInterval is { } f)
        {
            return f;
        }

        var baseDelay = Table[Math.Clamp(failedAttempt, 0, Table.Length - 1)];
        return baseDelay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 30_000));
    }

    /// <summary>Parses a <c>retry-after</c> value (seconds or a date) into a due time, clamped to 1 s – 24 h from now.</summary>
    public static DateTimeOffset? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        DateTimeOffset at;
        if (value.Length <= 7 && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            at = now.AddSeconds(seconds);
        }
        else if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            at = parsed;
        }
        else
        {
            return null;
        }

        var min = now.AddSeconds(1);
        var max = now.AddHours(24);
        return at < min ? min : at > max ? max : at;
    }
}
