using System.Diagnostics;

namespace Steadfast.ClerkUserSync.Tests;

internal static class Waiting
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Checks <paramref name="condition"/> now and after each release of <paramref name="signal"/>, re-checking at least every 250 ms.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, SemaphoreSlim signal, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            var left = Deadline - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await signal.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(250, left.TotalMilliseconds)));
        }
    }
}
