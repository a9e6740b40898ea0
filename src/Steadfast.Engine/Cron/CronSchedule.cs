using Cronos;

namespace Steadfast.Engine.Cron;

/// <summary>
/// A parsed cron trigger: standard five fields (minute hour day-of-month month day-of-week) with an optional
/// <c>TZ=Zone</c> or <c>CRON_TZ=Zone</c> prefix, as Inngest accepts them (no seconds, no <c>@</c> descriptors).
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(string text, CronExpression expression, TimeZoneInfo zone)
    {
        Text = text;
        _expression = expression;
        Zone = zone;
    }

    /// <summary>The original text.</summary>
    public string Text { get; }

    /// <summary>The time zone ticks are computed in (UTC by default).</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Parses a schedule; returns false with the reason when invalid.</summary>
    public static bool TryParse(string? text, out CronSchedule? schedule, out string? error)
    {
        schedule = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 256)
        {
            error = "the cron schedule is empty or longer than 256 characters";
            return false;
        }

        var spec = text.Trim();
        var zone = TimeZoneInfo.Utc;
        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                error = $"'{text}': a time zone prefix must be followed by the schedule";
                return false;
            }

            var id = spec[(spec.IndexOf('=', StringComparison.Ordinal) + 1)..space];
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                error = $"'{text}': unknown time zone '{id}'";
                return false;
            }

            spec = spec[(space + 1)..].Trim();
        }

        if (spec.StartsWith('@') || spec.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
        {
            error = $"'{text}': a cron schedule has five fields (minute hour day-of-month month day-of-week)";
            return false;
        }

        try
        {
            schedule = new CronSchedule(text, CronExpression.Parse(spec, CronFormat.Standard), zone);
            return true;
        }
        catch (CronFormatException ex)
        {
            error = $"'{text}': {ex.Message}";
            return false;
        }
    }

    /// <summary>The first tick strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetNextOccurrence(after, Zone, inclusive: false);
}
