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

    /// <summary>The user is deleted (tombstone) and the snapshot is older than the deletion; nothing changed.</summary>
    IgnoredDeleted,

    /// <summary>
    /// The user is deleted, yet the snapshot is NEWER than the deletion (clerk-svix.md §6 scenario 34): Clerk does not
    /// reuse user ids, so this is an anomaly. The tombstone stays and a warning is logged (<c>UserSyncLog</c> event 9101) for
    /// someone to look at, instead of silently bringing the user back.
    /// </summary>
    RefusedResurrection,

    /// <summary>The row became a tombstone.</summary>
    Deleted,

    /// <summary>A tombstone was written for a user never seen (a delete that arrived first, or for a never-synced user).</summary>
    TombstoneCreated,

    /// <summary>The user was already deleted; nothing changed.</summary>
    AlreadyDeleted,
}
