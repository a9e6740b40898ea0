namespace ClerkUserSync.Data;

/// <summary>What applying one Clerk event did to the <c>users</c> table (the step result of the sync functions).</summary>
public enum SyncOutcome
{
    /// <summary>A new row was inserted.</summary>
    Created,

    /// <summary>The row was overwritten by a newer snapshot.</summary>
    Updated,

    /// <summary>The snapshot was not newer than the row (a duplicate or a stale, out-of-order delivery); nothing changed.</summary>
    IgnoredStale,

    /// <summary>The user is deleted (tombstone); snapshots never bring it back.</summary>
    IgnoredDeleted,

    /// <summary>The row became a tombstone.</summary>
    Deleted,

    /// <summary>A tombstone was written for a user never seen (a delete that arrived first, or for a never-synced user).</summary>
    TombstoneCreated,

    /// <summary>The user was already deleted; nothing changed.</summary>
    AlreadyDeleted,
}
