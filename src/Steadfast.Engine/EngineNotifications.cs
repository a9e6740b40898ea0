using Steadfast.Engine.Storage;

namespace Steadfast.Engine;

/// <summary>
/// In-process notifications after commits: what changed in a run. Used by live views (dashboard streams) and by
/// tests that wait for an outcome instead of sleeping. Handlers run on the committing thread: keep them short.
/// </summary>
public sealed class EngineNotifications
{
    /// <summary>Raised after a run transition committed: the run id, the history it wrote, and its new status if it changed.</summary>
    public event Action<string, IReadOnlyList<HistoryEntry>, RunStatus?>? RunChanged;

    /// <summary>Raised after events committed: their internal ids and the runs they created.</summary>
    public event Action<IReadOnlyList<string>, IReadOnlyList<string>>? EventsCommitted;

    internal void PublishRun(string runId, IReadOnlyList<HistoryEntry> history, RunStatus? status) => RunChanged?.Invoke(runId, history, status);

    internal void PublishEvents(IReadOnlyList<string> eventIds, IReadOnlyList<string> runIds) => EventsCommitted?.Invoke(eventIds, runIds);
}
