namespace Steadfast.Interop.Tests.Infrastructure;

/// <summary>
/// Why a scenario is skipped: server features not built yet. One place, so un-skipping a feature is one line
/// (a null reason runs the tests).
/// </summary>
public static class Needs
{
    public const string? WaitForEventMatching = "needs waitForEvent matching (issue 6): a wait currently resolves only as a timeout at its deadline";

    public const string? CancelOn = "needs cancelOn (issue 6)";

    public const string? Invoke = "needs step.invoke (issue 6)";

    public const string? Batching = "needs batchEvents (issue 6)";

    public const string? Cron = "needs cron triggers (issue 6)";

    public const string? Concurrency = "needs concurrency limits (issue 6)";
}
