using Microsoft.Extensions.Time.Testing;

namespace Steadfast.Clerk.Tests.Support;

internal static class Clock
{
    public static FakeTimeProvider At(long unixSeconds) => new(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

    public static FakeTimeProvider AtMilliseconds(long unixMilliseconds) => new(DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds));
}
