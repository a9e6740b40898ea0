namespace Steadfast.Interop.Tests.Infrastructure;

/// <summary>
/// Why a scenario is skipped: server features not built yet. One place, so un-skipping a feature is one line
/// (a null reason runs the tests).
/// </summary>
public static class Needs
{
    public const string? CancelOn = null;

    public const string? Batching = "needs batchEvents (issue 6): every event starts its own run";

    public const string? Cron = null;

    public const string? Concurrency = "needs concurrency limits (issue 6): with concurrency 1 two steps of the function overlap";
}
