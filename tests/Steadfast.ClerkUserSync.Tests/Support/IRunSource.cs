namespace Steadfast.ClerkUserSync.Tests;

/// <summary>Where the runs of the app's functions can be seen: the embedded engine, or the external <c>steadfast dev</c>.</summary>
public interface IRunSource
{
    Task<IReadOnlyList<RunView>> RunsAsync(string eventId);

    /// <summary>Whether the run's history holds a started sleep (the onboarding drip waiting for the trial offer).</summary>
    Task<bool> IsAsleepAsync(string runId);

    /// <summary>
    /// Re-checks <paramref name="condition"/> after every run transition the engine announces (a bounded re-check covers
    /// an announcement raced with the first look), until it holds or 30 s pass.
    /// </summary>
    Task WaitUntilAsync(Func<Task<bool>> condition, string what);
}
