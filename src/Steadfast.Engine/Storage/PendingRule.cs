namespace Steadfast.Engine.Storage;

/// <summary>
/// Debounce or batch: a run that collects events before it starts. The store keeps one open pending run per
/// <see cref="Key"/>. An open pending run can still take events while it is not ended and its discovery item is not
/// claimed; otherwise the candidate becomes the key's new pending run (its discovery due at
/// <see cref="RunFlow.StartAt"/>).
/// </summary>
/// <param name="Key">Unique per function and key value.</param>
/// <param name="Debounce">
/// True (debounce): a joining event replaces the run's events (last event wins) and moves the discovery to
/// min(now + <see cref="DelayMs"/>, first event + <see cref="MaxDelayMs"/>).
/// False (batch): a joining event is appended to the run's events; at <see cref="MaxSize"/> events the discovery is due
/// now and the batch closes.
/// </param>
/// <param name="DelayMs">Debounce period.</param>
/// <param name="MaxDelayMs">Debounce timeout from the first event (null: none).</param>
/// <param name="MaxSize">Batch size (1 – 100).</param>
public sealed record PendingRule(string Key, bool Debounce, long DelayMs = 0, long? MaxDelayMs = null, int MaxSize = 1);
