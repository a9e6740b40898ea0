namespace Steadfast.Interop.Tests.Infrastructure;

/// <summary>
/// Why a scenario is skipped: server features not built yet. One place, so un-skipping a feature is one line
/// (a null reason runs the tests).
/// </summary>
public static class Needs
{
    public const string? CancelOn = null;

    public const string? Batching = null;

    public const string? Cron = null;

    public const string? Concurrency = null;
}
