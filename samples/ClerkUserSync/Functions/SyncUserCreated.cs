using ClerkUserSync.Data;
using Steadfast.Clerk.Models;
using Steadfast.Sdk;

namespace ClerkUserSync.Functions;

/// <summary>Inserts the new user (username from the primary email's local part, made unique), unless a newer snapshot or a tombstone is already there.</summary>
[SteadfastFunction("sync-user-created", "clerk/user.created")]
public sealed class SyncUserCreated(UserStore users) : SteadfastFunction<ClerkUser>
{
    public override async Task<object?> RunAsync(FunctionContext<ClerkUser> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = UserEvents.RequireUser(context.Event);
        var outcome = await context.Step.Run("upsert-user", async () =>
            (await users.ApplySnapshotAsync(user, context.Event.Timestamp.ToUnixTimeMilliseconds(), context.CancellationToken)).ToString());
        return new { userId = user.Id, outcome };
    }
}
