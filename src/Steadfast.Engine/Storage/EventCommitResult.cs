namespace Steadfast.Engine.Storage;

/// <summary>Which runs an <see cref="EventCommit"/> created (the others were deduplicated).</summary>
/// <param name="CreatedRunIds">Run ids created.</param>
public sealed record EventCommitResult(IReadOnlyList<string> CreatedRunIds)
{
    /// <summary>Pause ids that were consumed (their runs resume).</summary>
    public IReadOnlyList<string> ResumedPauseIds { get; init; } = [];
}
