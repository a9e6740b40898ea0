namespace Steadfast.Interop.Tests.Infrastructure;

/// <summary>
/// Bounded polling for cross-process conditions: the server and the app are separate processes, so there is no
/// in-process signal to await. Every wait has a deadline and reports the last value it saw.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        T last;
        var delay = 50;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                var shown = last is JsonNode n ? n.ToJsonString() : last?.ToString();
                throw new TimeoutException($"timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s waiting for {what}; last value: {Clip(shown)}\n{diagnostics?.Invoke()}");
            }

            await Task.Delay(delay);
            delay = Math.Min(delay * 2, 250);
        }
    }

    private static string? Clip(string? s) => s is { Length: > 4000 } ? s[..4000] + "…" : s;
}
