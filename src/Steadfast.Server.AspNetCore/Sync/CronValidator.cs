using Steadfast.Engine.Cron;

namespace Steadfast.Server.AspNetCore.Sync;

/// <summary>Validates cron triggers at sync time with the same parser the cron scheduler fires them with.</summary>
internal static class CronValidator
{
    /// <summary>Null when valid, else the reason.</summary>
    public static string? Validate(string cron) =>
        CronSchedule.TryParse(cron, out _, out var error) ? null : "cron " + error;
}
