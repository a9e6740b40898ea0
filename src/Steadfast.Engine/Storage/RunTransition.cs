namespace Steadfast.Engine.Storage;

/// <summary>
/// One state transition of a run, applied atomically: memoize step results, update the run, settle the claimed
/// queue item, enqueue what comes next, emit events and write history. Applied only while the claimed item is still
/// held by <see cref="Owner"/>; otherwise nothing is written (the lease was lost and another worker owns the work).
/// </summary>
public sealed class RunTransition
{
    /// <summary>The run.</summary>
    public required string RunId { get; init; }

    /// <summary>The claimed item this transition settles, or 0 for transitions not tied to an item (cancel).</summary>
    public long ItemId { get; init; }

    /// <summary>The lease owner of <see cref="ItemId"/>.</summary>
    public string? Owner { get; init; }

    /// <summary>
    /// The item's claim count when it was claimed (a fencing token): when set, the transition applies only if the item
    /// has not been claimed again since, even by the same owner.
    /// </summary>
    public int? ClaimCount { get; set; }

    /// <summary>What happens to the claimed item.</summary>
    public ItemDisposition Disposition { get; init; } = ItemDisposition.Delete;

    /// <summary>For <see cref="ItemDisposition.Reschedule"/>: the new due time (unix ms).</summary>
    public long RescheduleAt { get; init; }

    /// <summary>For <see cref="ItemDisposition.Reschedule"/> and <see cref="ItemDisposition.Keep"/>: the attempt to record.</summary>
    public int NextAttempt { get; init; }

    /// <summary>For <see cref="ItemDisposition.Keep"/>: turn the item into this kind (a wake becomes a discovery).</summary>
    public QueueItemKind? KeepAs { get; init; }

    /// <summary>Step results to memoize (write-once per step id; appended to the stack in this order).</summary>
    public List<(string StepId, string Json)> Memos { get; } = [];

    /// <summary>Changes to the run record.</summary>
    public RunUpdate? Update { get; init; }

    /// <summary>Clear force-step-plan when no other planned-step item of the run remains.</summary>
    public bool ResetForceStepPlanWhenNoPlannedSteps { get; init; }

    /// <summary>Pauses to create (waitForEvent, invoke).</summary>
    public List<PauseRecord> Pauses { get; } = [];

    /// <summary>
    /// A pause this transition consumes (a timeout): the transition applies only if the pause still exists, and
    /// deletes it.
    /// </summary>
    public string? ConsumePauseId { get; init; }

    /// <summary>Items to enqueue.</summary>
    public List<NewQueueItem> Enqueue { get; } = [];

    /// <summary>Delete every queue item and pause of the run (cancel, terminal states).</summary>
    public bool DeleteAllItems { get; init; }

    /// <summary>Only apply when the run is not terminal (cancel races with completion).</summary>
    public bool RequireActiveRun { get; init; }

    /// <summary>Events to emit and runs they start (function.finished, onFailure handlers).</summary>
    public EventCommit? Emit { get; set; }

    /// <summary>Set by the store when <see cref="Emit"/> was committed: which runs and resumes took effect.</summary>
    public EventCommitResult? EmitResult { get; set; }

    /// <summary>History lines.</summary>
    public List<HistoryEntry> History { get; } = [];
}

/// <summary>What a transition does with its claimed item.</summary>
public enum ItemDisposition
{
    /// <summary>Remove it: the work is done.</summary>
    Delete,

    /// <summary>Release it to run again at <see cref="RunTransition.RescheduleAt"/> with <see cref="RunTransition.NextAttempt"/>.</summary>
    Reschedule,

    /// <summary>Keep holding it (the worker continues the run inline); reset its attempt.</summary>
    Keep,
}
