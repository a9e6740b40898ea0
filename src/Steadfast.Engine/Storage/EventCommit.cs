namespace Steadfast.Engine.Storage;

/// <summary>Events to store and the runs they start, committed in one transaction.</summary>
public sealed class EventCommit
{
    /// <summary>Events (an event whose internal id exists is ignored: seeded retries).</summary>
    public List<StoredEvent> Events { get; } = [];

    /// <summary>Candidate runs; each starts with a discovery item due now.</summary>
    public List<NewRun> Runs { get; } = [];

    /// <summary>Pauses matched by these events (first match wins; applied only if the pause still exists).</summary>
    public List<PauseResume> Resumes { get; } = [];

    /// <summary>Pauses to create with the new runs (cancellations), keyed by run id.</summary>
    public List<PauseRecord> Pauses { get; } = [];

    /// <summary>True when nothing is to be written.</summary>
    public bool IsEmpty => Events.Count == 0 && Runs.Count == 0 && Resumes.Count == 0;
}
