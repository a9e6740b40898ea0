namespace Steadfast.Engine.Storage;

/// <summary>The state of a run.</summary>
public enum RunStatus
{
    /// <summary>Created, not yet called.</summary>
    Queued = 0,

    /// <summary>At least one call made; not finished.</summary>
    Running = 1,

    /// <summary>Returned a value.</summary>
    Completed = 2,

    /// <summary>Failed for good.</summary>
    Failed = 3,

    /// <summary>Cancelled.</summary>
    Cancelled = 4,
}
