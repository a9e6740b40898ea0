namespace ClerkUserSync.Data;

/// <summary>Source-generated log messages of the user sync (event ids 9100–9149). They name ids and times, never personal data.</summary>
internal static partial class UserSyncLog
{
    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message =
        "Clerk user {UserId} is deleted (tombstone at {DeletedAt}), yet a snapshot updated at {UpdatedAt}, after the deletion, arrived. "
        + "Clerk does not reuse user ids, so the user stays deleted; look into it, and remove the tombstone by hand if the user should exist")]
    public static partial void RefusedResurrection(ILogger logger, string userId, long deletedAt, long updatedAt);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Debug, Message = "A username was taken between choosing and writing it for Clerk user {UserId}; choosing again (attempt {Attempt})")]
    public static partial void UsernameRace(ILogger logger, string userId, int attempt);
}
