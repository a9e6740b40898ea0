using Steadfast.Clerk.Models;
using Steadfast.Sdk;

namespace ClerkUserSync.Functions;

internal static class UserEvents
{
    /// <summary>The user of a <c>user.*</c> event; a payload without an id can never succeed, so it fails without retries.</summary>
    public static ClerkUser RequireUser(FunctionEvent<ClerkUser> evt) =>
        evt.Data is { Id.Length: > 0 } user ? user : throw new NonRetriableException($"{evt.Name} without data.id: not a Clerk user");
}
