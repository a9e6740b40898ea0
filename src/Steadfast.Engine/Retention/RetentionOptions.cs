namespace Steadfast.Engine.Retention;

/// <summary>History retention settings (<c>--retention</c>).</summary>
public sealed class RetentionOptions
{
    /// <summary>How long ended runs and old events are kept; null keeps everything (the default).</summary>
    public TimeSpan? Retention { get; set; }

    /// <summary>How often the retention pass runs. Default 1 min.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Runs and events deleted per batch; small so each delete is a short transaction. Default 500.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Pause between batches, leaving the database to the hot path. Default 50 ms.</summary>
    public TimeSpan BatchPause { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Checks the options; throws with the reason when invalid.</summary>
    public void Validate()
    {
        if (Retention is { } r && r < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Retention), r, "The retention must be at least one minute.");
        }

        if (BatchSize is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The retention batch size must be between 1 and 100000.");
        }

        if (Interval < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "The retention interval must be at least one second.");
        }
    }

    /// <summary>Parses <c>7d</c>, <c>12h</c>, <c>30m</c> or <c>90s</c>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length < 2
            || !double.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        TimeSpan? parsed = char.ToLowerInvariant(text[^1]) switch
        {
            'd' => TimeSpan.FromDays(n),
            'h' => TimeSpan.FromHours(n),
            'm' => TimeSpan.FromMinutes(n),
            's' => TimeSpan.FromSeconds(n),
            _ => null,
        };
        duration = parsed ?? default;
        return parsed is not null;
    }
}
