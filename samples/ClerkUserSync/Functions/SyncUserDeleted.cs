using ClerkUserSync.Data;
using Steadfast.Clerk.Models;
using Steadfast.Sdk;

namespace ClerkUserSync.Functions;

/// <summary>Turns the user into a tombstone (idempotent; a delete for a never-seen user writes one, so a late create cannot resurrect it).</summary>
[SteadfastFunction("sync-user-deleted", "clerk/user.deleted")]
public sealed class SyncUserDeleted(UserStore users) : SteadfastFunction<ClerkDeletedObject>
{
    public override async Task<object?> RunAsync(FunctionContext<ClerkDeletedObject> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Event.Data?.Id;
        if (string.IsNullOrEmpty(id))
        {
            throw new NonRetriableException("user.deleted without data.id: nothing to delete");
        }

        // user.deleted carries no updated_at: the envelope time (the event ts) orders it.
        var deletedAt = context.Event.Timestamp.ToUnixTimeMilliseconds();
        var outcome = await context.Step.Run("tombstone-user", async () => (await users.DeleteAsync(id, deletedAt, context.CancellationToken)).ToString());
        return new { userId = id, outcome };
    }
}
