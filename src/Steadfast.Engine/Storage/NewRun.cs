namespace Steadfast.Engine.Storage;

/// <summary>A run to create when its idempotency key is free.</summary>
/// <param name="Run">The run.</param>
/// <param name="IdempotencyKey">Key unique per function (e.g. function id + event id); null for none.</param>
/// <param name="IdempotencyExpiresAt">When the key may be reused (unix ms).</param>
public sealed record NewRun(RunRecord Run, string? IdempotencyKey, long IdempotencyExpiresAt)
{
    /// <summary>
    /// Memoized steps the run starts with, in stack order (step id, memo JSON as <see cref="RunState.Steps"/> holds it):
    /// the store writes them with the run, and <see cref="RunRecord.StepCount"/> starts at their count. Used to rerun a
    /// run from a step (the steps before it are not executed again). Default none.
    /// </summary>
    public IReadOnlyList<(string StepId, string Json)> InitialSteps { get; init; } = [];

    /// <summary>
    /// Flow control the store decides in the commit (see <see cref="RunFlow"/>); null: none, and the discovery item is due
    /// at <see cref="RunRecord.CreatedAt"/>.
    /// </summary>
    public RunFlow? Flow { get; init; }
}
