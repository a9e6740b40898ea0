namespace Steadfast.Engine.Storage;

/// <summary>
/// A unit of work for a run. A claimed item carries its owner and lease: its <see cref="DueAt"/> becomes the lease
/// expiry, so an item whose worker died becomes due again by itself.
/// </summary>
public sealed record QueueItem
{
    /// <summary>The item id.</summary>
    public long Id { get; init; }

    /// <summary>The run.</summary>
    public required string RunId { get; init; }

    /// <summary>What to do.</summary>
    public QueueItemKind Kind { get; init; }

    /// <summary>The hashed step id (<c>step</c> for discovery).</summary>
    public string StepId { get; init; } = "step";

    /// <summary>Zero-based attempt.</summary>
    public int Attempt { get; init; }

    /// <summary>When it is due (unix ms); for a claimed item, when its lease expires.</summary>
    public long DueAt { get; init; }

    /// <summary>The worker holding the lease, if claimed.</summary>
    public string? Owner { get; init; }

    /// <summary>How many times the item has been claimed (detects poison items that kill workers).</summary>
    public int Claims { get; init; }
}
