using Cronos;

namespace Steadfast.Server.AspNetCore.Sync;

/// <summary>Validates cron triggers: five fields, optionally prefixed <c>TZ=&lt;zone&gt;</c> or <c>CRON_TZ=&lt;zone&gt;</c>.</summary>
internal static class CronValidator
{
    /// <summary>Null when valid, else the reason.</summary>
    public static string? Validate(string cron)
    {
        var text = cron.Trim();
        if (text.StartsWith("TZ=", StringComparison.Ordinal) || text.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                return $"cron '{cron}': a time zone prefix must be followed by the schedule";
            }

            var zone = text[(text.IndexOf('=', StringComparison.Ordinal) + 1)..space];
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            {
                return $"cron '{cron}': unknown time zone '{zone}'";
            }

            text = text[(space + 1)..].Trim();
        }

        if (text.StartsWith('@'))
        {
            return $"cron '{cron}': descriptors such as @daily are not supported; use five fields";
        }

        if (text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
        {
            return $"cron '{cron}': expected five fields (minute hour day-of-month month day-of-week)";
        }

        try
        {
            _ = CronExpression.Parse(text, CronFormat.Standard);
            return null;
        }
        catch (CronFormatException ex)
        {
            return $"cron '{cron}': {ex.Message}";
        }
    }
}
