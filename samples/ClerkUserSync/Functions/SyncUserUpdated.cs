using ClerkUserSync.Data;
using Steadfast.Clerk.Models;
using Steadfast.Sdk;

namespace ClerkUserSync.Functions;

/// <summary>
/// Applies the updated snapshot when it is newer than the row (a stale or duplicate delivery changes nothing); creates
/// the row when the update arrives before the create.
/// </summary>
[SteadfastFunction("sync-user-updated", "clerk/user.updated")]
public sealed class SyncUserUpdated(UserStore users) : SteadfastFunction<ClerkUser>
{
    public override async Task<object?> RunAsync(FunctionContext<ClerkUser> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = UserEvents.RequireUser(context.Event);
        var outcome = await context.Step.Run("apply-update", async () =>
            (await users.ApplySnapshotAsync(user, context.Event.Timestamp.ToUnixTimeMilliseconds(), context.CancellationToken)).ToString());
        return new { userId = user.Id, outcome };
    }
}
