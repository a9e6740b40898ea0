using Steadfast.Engine.Storage;

namespace Steadfast.Engine.Runs;

public sealed partial class RunExecutor
{
    /// <summary>
    /// Processes a <see cref="QueueItemKind.FlowCancel"/> item: cancels a run that did not start within
    /// <c>timeouts.start</c>, did not finish within <c>timeouts.finish</c> of starting, or was replaced by a newer run of
    /// its singleton key (mode <c>cancel</c>). The item is dropped when the condition no longer holds.
    /// </summary>
    public async Task ProcessFlowCancelAsync(QueueItem item, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var state = await _store.LoadRunStateAsync(item.RunId, cancellationToken).ConfigureAwait(false);
        var drop = new RunTransition { RunId = item.RunId, ItemId = item.Id, Owner = owner };
        if (state is null || state.Run.IsTerminal)
        {
            await ApplyAsync(drop, item, cancellationToken).ConfigureAwait(false);
            return;
        }

        switch (item.StepId)
        {
            case "singleton":
                await CancelAsync(state, "Cancelled: a newer run with the same singleton key started", item, owner, cancellationToken).ConfigureAwait(false);
                return;
            case "start":
                if (await StartedAtAsync(state.Run, cancellationToken).ConfigureAwait(false) is null)
                {
                    await CancelAsync(state, "Cancelled: the run did not start within timeouts.start", item, owner, cancellationToken).ConfigureAwait(false);
                    return;
                }

                break;
            case "finish" when _catalog.Get(state.Run.FunctionId)?.FlowControl.FinishTimeout is { } finish:
                var startedAt = await StartedAtAsync(state.Run, cancellationToken).ConfigureAwait(false);
                var deadline = (startedAt ?? Now) + (long)finish.TotalMilliseconds;
                if (startedAt is not null && deadline <= Now)
                {
                    await CancelAsync(state, "Cancelled: the run did not finish within timeouts.finish", item, owner, cancellationToken).ConfigureAwait(false);
                    return;
                }

                // Not due yet (or not started: check again one period from now, when the start is known).
                await ApplyAsync(new RunTransition { RunId = item.RunId, ItemId = item.Id, Owner = owner, Disposition = ItemDisposition.Reschedule, RescheduleAt = deadline }, item, cancellationToken).ConfigureAwait(false);
                return;
        }

        await ApplyAsync(drop, item, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// When the run started: its first recorded activity after scheduling, or now while its first call is in flight;
    /// null when it has not started.
    /// </summary>
    private async Task<long?> StartedAtAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var history = await _store.GetHistoryAsync(run.RunId, cancellationToken).ConfigureAwait(false);
        foreach (var h in history)
        {
            if (h.Type != HistoryTypes.RunScheduled)
            {
                return h.At;
            }
        }

        var items = await _store.GetQueueItemsAsync(run.RunId, cancellationToken).ConfigureAwait(false);
        return run.Status != RunStatus.Queued || items.Any(i => i.Kind == QueueItemKind.Discovery && i.Owner is not null && i.DueAt > Now) ? Now : null;
    }
}
