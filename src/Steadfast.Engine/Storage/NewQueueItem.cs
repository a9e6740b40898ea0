namespace Steadfast.Engine.Storage;

/// <summary>An item to enqueue in a transition.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="StepId">The hashed step id.</param>
/// <param name="DueAt">When (unix ms).</param>
/// <param name="DedupKey">
/// Optional key unique among waiting items: a second item with the same key is dropped. For
/// <see cref="QueueItemKind.Step"/> items the store also drops the item when the step already has a result.
/// </param>
public sealed record NewQueueItem(QueueItemKind Kind, string StepId, long DueAt, string? DedupKey = null);
