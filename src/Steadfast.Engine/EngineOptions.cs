namespace Steadfast.Engine;

/// <summary>Engine settings. Defaults follow Inngest's.</summary>
public sealed class EngineOptions
{
    /// <summary>Fixed retry delay instead of the backoff table (the dev server's <c>--retry-interval</c>); null = table.</summary>
    public TimeSpan? RetryInterval { get; set; }

    /// <summary>How long a claimed item stays leased without a heartbeat. Default 30 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most calls executing at once in this process. Default 256.</summary>
    public int MaxConcurrency { get; set; } = 256;

    /// <summary>Longest the scheduler sleeps without looking at the queue (safety net for missed signals). Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most consecutive steps run in one claim before the run is requeued (fairness). Default 100.</summary>
    public int InlineStepLimit { get; set; } = 100;

    /// <summary>Largest accepted event, in bytes of JSON. Default 3 MiB (Inngest's absolute limit).</summary>
    public int MaxEventBytes { get; set; } = 3 * 1024 * 1024;

    /// <summary>Most events in one request. Default 5000.</summary>
    public int MaxEventsPerRequest { get; set; } = 5000;

    /// <summary>How long an event id deduplicates runs. Default 24 h.</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Timeout of one call to a function. Default 2 h (Inngest's maximum).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A work item claimed this many times without settling is poison: its run fails. Default 10.</summary>
    public int MaxClaims { get; set; } = 10;

    /// <summary>How far back missed cron ticks are fired after downtime (at most 60 per function). Default 1 h; at most 23 h.</summary>
    public TimeSpan CronCatchUp { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Checks the options; throws with the reason when invalid.</summary>
    public void Validate()
    {
        if (LeaseDuration < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(LeaseDuration), LeaseDuration, "The lease must last at least one second.");
        }

        if (MaxConcurrency is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), MaxConcurrency, "MaxConcurrency must be between 1 and 100000.");
        }

        if (CronCatchUp < TimeSpan.Zero || CronCatchUp > TimeSpan.FromHours(23))
        {
            throw new ArgumentOutOfRangeException(nameof(CronCatchUp), CronCatchUp, "The cron catch-up window is between 0 and 23 hours (run idempotency lasts 24 h).");
        }

        if (RetryInterval is { } r && r < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryInterval), r, "The retry interval cannot be negative.");
        }
    }
}
