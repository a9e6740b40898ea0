namespace Steadfast.Engine.Storage;

/// <summary>At most one active (not ended) run per <see cref="Key"/>.</summary>
/// <param name="Key">Unique per function and key value.</param>
/// <param name="Cancel">
/// False: the new run is dropped while the key's run is active. True: the active run gets a
/// <see cref="QueueItemKind.FlowCancel"/> item (step id <c>singleton</c>, due now) and the new run is created.
/// </param>
public sealed record SingletonRule(string Key, bool Cancel);
