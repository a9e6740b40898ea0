using Steadfast.Engine;
using Steadfast.Engine.Storage;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>The embedded engine's runs, read from its store; waits are woken by <see cref="EngineNotifications"/>.</summary>
public sealed class EngineRunSource(IEngineStore store, EngineNotifications notifications) : IRunSource
{
    public async Task<IReadOnlyList<RunView>> RunsAsync(string eventId) =>
        [.. (await store.ListRunsAsync(new RunQuery { EventId = eventId })).Select(r => new RunView(r.RunId, r.FunctionId, r.Status, r.Output))];

    public async Task<bool> IsAsleepAsync(string runId) => (await store.GetHistoryAsync(runId)).Any(h => h.Type == HistoryTypes.SleepStarted);

    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var signal = new SemaphoreSlim(0);
        void OnChange(string runId, IReadOnlyList<HistoryEntry> history, RunStatus? status) => signal.Release();
        notifications.RunChanged += OnChange;
        try
        {
            await Waiting.UntilAsync(condition, signal, what);
        }
        finally
        {
            notifications.RunChanged -= OnChange;
        }
    }
}
