using System.Globalization;

namespace Steadfast.Sdk.Testing;

/// <summary>The engine's retry delays: Inngest's backoff table without jitter, and <c>retry-after</c> parsing.</summary>
public static class RetryBackoff
{
    private static readonly TimeSpan[] Table =
    [
        TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(40),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2),
    ];

    /// <summary>
    /// The delay before retrying after attempt <paramref name="failedAttempt"/> (zero-based) failed: 15 s, 30 s, 1 m, 2 m,
    /// 5 m, 10 m, 20 m, 40 m, 1 h, then 2 h.
    /// </summary>
    public static TimeSpan Default(int failedAttempt) => Table[Math.Clamp(failedAttempt, 0, Table.Length - 1)];

    /// <summary>
    /// Reads a <c>retry-after</c> value (whole seconds, or an instant) as a delay from <paramref name="now"/>, clamped
    /// to 1 s – 24 h as the engine does. Returns null when the value is missing or unreadable.
    /// </summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        TimeSpan delay;
        if (value.Length <= 7 && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            delay = TimeSpan.FromSeconds(seconds);
        }
        else if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            delay = at - now;
        }
        else
        {
            return null;
        }

        return delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay > TimeSpan.FromHours(24) ? TimeSpan.FromHours(24) : delay;
    }
}
