namespace Steadfast.Interop.Tests.Infrastructure;

/// <summary>
/// Why a scenario is skipped: server features not built yet. One place, so un-skipping a feature is one line
/// (a null reason runs the tests).
/// </summary>
public static class Needs
{
    public const string? CancelOn =
        "needs cancelOn for synced functions (issue 6): the engine cancels in-process C# functions, but AppRegistry " +
        "(src/Steadfast.Server.AspNetCore/Sync/AppRegistry.cs, new EngineFunction) does not map the registered cancel[] to EngineFunction.Cancel";

    public const string? Batching = "needs batchEvents (issue 6): every event starts its own run";

    public const string? Cron = "needs cron triggers (issue 6): no inngest/scheduled.timer run within 75 s";

    public const string? Concurrency = "needs concurrency limits (issue 6): with concurrency 1 two steps of the function overlap";
}
