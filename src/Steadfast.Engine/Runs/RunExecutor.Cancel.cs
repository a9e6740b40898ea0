using System.Text.Json;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Json;

namespace Steadfast.Engine.Runs;

public sealed partial class RunExecutor
{
    /// <summary>
    /// Cancels a run that has not ended: its queued work is dropped, a call in flight finds its lease gone at the next
    /// step boundary, and <c>inngest/function.cancelled</c> is emitted. Returns false when the run is unknown or ended.
    /// </summary>
    public async Task<bool> CancelAsync(string runId, string reason, CancellationToken cancellationToken = default)
    {
        var state = await _store.LoadRunStateAsync(runId, cancellationToken).ConfigureAwait(false);
        if (state is null || state.Run.IsTerminal)
        {
            return false;
        }

        return await CancelAsync(state, reason, null, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> CancelAsync(RunState state, string reason, QueueItem? item, string? owner, CancellationToken cancellationToken)
    {
        var runId = state.Run.RunId;
        var error = JsonSerializer.Serialize(SerializedError.Create("FunctionCancelled", reason), ProtocolJsonContext.Default.SerializedError);
        var now = Now;
        var t = new RunTransition
        {
            RunId = runId,
            ItemId = item?.Id ?? 0,
            Owner = owner,
            RequireActiveRun = true,
            DeleteAllItems = true,
            Update = new RunUpdate { Status = RunStatus.Cancelled, Output = error, EndedAt = now },
            Emit = _finish.Build(state.Run, state.EventsJson, RunStatus.Cancelled, error, now),
        };
        t.History.Add(new HistoryEntry { RunId = runId, At = now, Type = HistoryTypes.RunCancelled, Json = error });
        return item is null ? await ApplyAsync(t, cancellationToken).ConfigureAwait(false) : await ApplyAsync(t, item, cancellationToken).ConfigureAwait(false);
    }
}
