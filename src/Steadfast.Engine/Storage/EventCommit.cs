namespace Steadfast.Engine.Storage;

/// <summary>Events to store and the runs they start, committed in one transaction.</summary>
public sealed class EventCommit
{
    /// <summary>Events (an event whose internal id exists is ignored: seeded retries).</summary>
    public List<StoredEvent> Events { get; } = [];

    /// <summary>Candidate runs; each starts with a discovery item due now.</summary>
    public List<NewRun> Runs { get; } = [];

    /// <summary>True when nothing is to be written.</summary>
    public bool IsEmpty => Events.Count == 0 && Runs.Count == 0;
}
