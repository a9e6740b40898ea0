namespace Steadfast.Engine.Storage;

/// <summary>One line of a run's history: a call, a step result, an error, a sleep, the end.</summary>
public sealed record HistoryEntry
{
    /// <summary>The run.</summary>
    public required string RunId { get; init; }

    /// <summary>When (unix ms).</summary>
    public long At { get; init; }

    /// <summary>What happened, see <see cref="HistoryTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>The hashed step id, if any.</summary>
    public string? StepId { get; init; }

    /// <summary>The user's step name, if any.</summary>
    public string? StepName { get; init; }

    /// <summary>The attempt.</summary>
    public int Attempt { get; init; }

    /// <summary>Details as JSON (output, error, due time).</summary>
    public string? Json { get; init; }
}
