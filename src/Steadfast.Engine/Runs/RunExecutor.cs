using System.Text.Json;
using Microsoft.Extensions.Logging;
using Steadfast.Engine.Functions;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Ids;

namespace Steadfast.Engine.Runs;

/// <summary>
/// Executes one claimed queue item: loads the run, calls the function through its driver, and turns the response
/// into one atomic transition. When a discovery call ran a single step, the executor keeps its lease and calls again
/// at once with the new memo (after the result is committed), instead of queueing a new item per step.
/// </summary>
public sealed partial class RunExecutor
{
    private readonly IEngineStore _store;
    private readonly FunctionCatalog _catalog;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly IWorkSignal _signal;
    private readonly EngineNotifications _notifications;
    private readonly Events.RunPlanner _planner;
    private readonly Pauses.PauseIndex _pauses;
    private readonly UlidGenerator _ids;
    private readonly FinishEvents _finish;
    private readonly ILogger _logger;

    /// <summary>Creates the executor.</summary>
    public RunExecutor(IEngineStore store, FunctionCatalog catalog, Events.RunPlanner planner, UlidGenerator ids, EngineOptions options, TimeProvider time, IWorkSignal signal, EngineNotifications notifications, Pauses.PauseIndex pauses, ILogger<RunExecutor> logger)
    {
        _planner = planner;
        _pauses = pauses;
        _ids = ids;
        _store = store;
        _catalog = catalog;
        _options = options;
        _time = time;
        _signal = signal;
        _notifications = notifications;
        _finish = new FinishEvents(planner, ids);
        _logger = logger;
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Processes <paramref name="item"/>, claimed by <paramref name="owner"/>.</summary>
    public async Task ProcessAsync(QueueItem item, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var state = await _store.LoadRunStateAsync(item.RunId, cancellationToken).ConfigureAwait(false);
        if (state is null || state.Run.IsTerminal)
        {
            await ApplyAsync(new RunTransition { RunId = item.RunId, ItemId = item.Id, Owner = owner }, item, cancellationToken).ConfigureAwait(false);
            return;
        }

        var run = state.Run;
        var function = _catalog.Get(run.FunctionId);
        if (function is null)
        {
            await FailAsync(item, owner, state, SerializedError.Create("FunctionNotFound", $"Function '{run.FunctionId}' is not registered (it was removed or its app is not synced)."), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (item.Claims > _options.MaxClaims)
        {
            await FailAsync(item, owner, state, SerializedError.Create("WorkerLost", $"The work item was claimed {item.Claims} times without finishing; the worker stopped each time."), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (item.Kind == QueueItemKind.Cancel)
        {
            await CancelAsync(state, "Cancelled by a cancelOn event", item, owner, cancellationToken).ConfigureAwait(false);
            return;
        }

        var memo = new RunMemo(state);
        if (item.Kind == QueueItemKind.PauseTimeout)
        {
            // Consume the pause BEFORE calling the function: if an event resumed it first, the timeout is void and
            // the function must never see a timeout result.
            var pauseId = $"{run.RunId}:{item.StepId}";
            var timeoutMemo = _pauses.TryGet(pauseId)?.Kind == PauseKind.Invoke ? InvokeTimeoutMemo : "null";
            var consume = new RunTransition
            {
                RunId = run.RunId,
                ItemId = item.Id,
                Owner = owner,
                ConsumePauseId = pauseId,
                Disposition = ItemDisposition.Keep,
                KeepAs = QueueItemKind.Discovery,
            };
            consume.Memos.Add((item.StepId, timeoutMemo));
            consume.History.Add(new HistoryEntry { RunId = run.RunId, At = Now, Type = HistoryTypes.PauseTimedOut, StepId = item.StepId, Json = timeoutMemo });
            if (!await ApplyAsync(consume, item, cancellationToken).ConfigureAwait(false))
            {
                await ApplyAsync(new RunTransition { RunId = run.RunId, ItemId = item.Id, Owner = owner }, item, cancellationToken).ConfigureAwait(false);
                return;
            }

            _pauses.Remove(pauseId);
            memo.Add(item.StepId, timeoutMemo);
        }

        if (item.Kind == QueueItemKind.Step && memo.Contains(item.StepId))
        {
            // The planned step already has a result (a duplicate plan): just move on.
            var t = new RunTransition { RunId = run.RunId, ItemId = item.Id, Owner = owner, ResetForceStepPlanWhenNoPlannedSteps = true };
            t.Enqueue.Add(Discovery(run.RunId, Now));
            await ApplyAsync(t, item, cancellationToken).ConfigureAwait(false);
            return;
        }

        var pending = new List<(string, string)>();
        if (item.Kind == QueueItemKind.SleepWake && !memo.Contains(item.StepId))
        {
            memo.Add(item.StepId, "null");
            pending.Add((item.StepId, "null"));
        }

        var call = new CallCursor
        {
            Item = item,
            Owner = owner,
            Function = function,
            Run = run,
            Memo = memo,
            EventsJson = state.EventsJson,
            Attempt = item.Attempt,
            StepId = item.Kind == QueueItemKind.Step ? item.StepId : StepIds.Discovery,
            Trigger = state.EventsJson.Count > 0 ? state.EventsJson[0] : "{}",
            RequestVersion = run.RequestVersion,
            ForceStepPlan = run.ForceStepPlan,
            PendingMemos = pending,
            Started = run.Status != RunStatus.Queued,
        };

        for (var inline = 0; ; inline++)
        {
            var response = await PerformGatewayOpsAsync(await CallAsync(call, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            var (transition, continueInline) = Decide(call, response);
            if (!await ApplyAsync(transition, item, cancellationToken).ConfigureAwait(false))
            {
                LogLeaseLost(_logger, run.RunId, item.Id);
                return;
            }

            if (!continueInline || inline + 1 >= _options.InlineStepLimit || cancellationToken.IsCancellationRequested)
            {
                if (continueInline)
                {
                    // Fairness: give the slot back; the kept item is released for the next claim.
                    var release = new RunTransition { RunId = run.RunId, ItemId = item.Id, Owner = owner, Disposition = ItemDisposition.Reschedule, RescheduleAt = Now, NextAttempt = 0 };
                    await ApplyAsync(release, item, cancellationToken).ConfigureAwait(false);
                    _signal.Signal();
                }

                return;
            }

            foreach (var (stepId, json) in transition.Memos)
            {
                call.Memo.Add(stepId, json);
            }

            call.PendingMemos.Clear();
            call.Attempt = 0;
            call.StepId = StepIds.Discovery;
            call.Started = true;
            if (transition.Update?.RequestVersion is { } v)
            {
                call.RequestVersion = v;
            }
        }
    }

    private async Task<CallResponse> CallAsync(CallCursor call, CancellationToken cancellationToken)
    {
        var request = new CallRequest
        {
            Event = call.Memo.Event(call.EventsJson),
            Events = call.Memo.Events(call.EventsJson),
            Steps = call.Memo.Steps,
            Version = call.RequestVersion,
            Ctx = new CallContext
            {
                RunId = call.Run.RunId,
                Attempt = call.Attempt,
                MaxAttempts = call.Function.MaxAttempts,
                DisableImmediateExecution = call.ForceStepPlan,
                Stack = new CallStack { Stack = call.Memo.Stack, Current = call.Memo.Stack.Count },
                StepId = call.StepId,
            },
        };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.CallTimeout);
        try
        {
            return await call.Function.Handler.CallAsync(call.Function.Id, call.StepId, request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CallResponse.Failed(SerializedError.Create("CallTimeout", $"The function did not answer within {_options.CallTimeout}."), noRetry: false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDriverError(_logger, ex, call.Run.RunId, call.Function.Id);
            return CallResponse.Failed(SerializedError.Create(ex.GetType().Name, ex.Message), noRetry: false);
        }
    }

    /// <summary>Applies a transition that settles <paramref name="item"/>, fenced by the claim it was made under.</summary>
    private Task<bool> ApplyAsync(RunTransition transition, QueueItem item, CancellationToken cancellationToken)
    {
        transition.ClaimCount = item.Claims;
        return ApplyAsync(transition, cancellationToken);
    }

    private async Task<bool> ApplyAsync(RunTransition transition, CancellationToken cancellationToken)
    {
        // Pauses enter the index before their commit so no event committed after it can miss them.
        foreach (var pause in transition.Pauses)
        {
            _pauses.Add(pause);
        }

        var applied = false;
        try
        {
            applied = await _store.ApplyAsync(transition, Now, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!applied)
            {
                foreach (var pause in transition.Pauses)
                {
                    _pauses.Remove(pause.Id);
                }
            }

            if (transition.Emit is { } emit)
            {
                _planner.Committed(emit, applied ? transition.EmitResult : null);
            }
        }

        if (applied && transition.DeleteAllItems)
        {
            _pauses.RemoveRun(transition.RunId);
        }

        if (applied && (transition.Enqueue.Count > 0 || transition.Emit is { Runs.Count: > 0 } or { Resumes.Count: > 0 } || transition.Disposition == ItemDisposition.Reschedule))
        {
            _signal.Signal();
        }

        if (applied)
        {
            _notifications.PublishRun(transition.RunId, transition.History, transition.Update?.Status);
            if (transition.Emit is { Events.Count: > 0 } emit)
            {
                _notifications.PublishEvents([.. emit.Events.Select(e => e.InternalId)], []);
            }
        }

        return applied;
    }

    private async Task FailAsync(QueueItem item, string owner, RunState state, SerializedError error, CancellationToken cancellationToken)
    {
        var output = JsonSerializer.Serialize(error, Protocol.Json.ProtocolJsonContext.Default.SerializedError);
        var t = Terminal(item.Id, owner, state.Run, state.EventsJson, RunStatus.Failed, output, item.Attempt);
        await ApplyAsync(t, item, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Run {RunId}: lease on item {ItemId} was lost; another worker owns the work")]
    private static partial void LogLeaseLost(ILogger logger, string runId, long itemId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Run {RunId}: calling {FunctionId} failed")]
    private static partial void LogDriverError(ILogger logger, Exception ex, string runId, string functionId);

    /// <summary>The mutable position of an executing item.</summary>
    private sealed class CallCursor
    {
        public required QueueItem Item { get; init; }

        public required string Owner { get; init; }

        public required EngineFunction Function { get; init; }

        public required RunRecord Run { get; init; }

        public required RunMemo Memo { get; init; }

        public required IReadOnlyList<string> EventsJson { get; init; }

        public required string Trigger { get; init; }

        public required List<(string, string)> PendingMemos { get; init; }

        public int Attempt { get; set; }

        public required string StepId { get; set; }

        public int RequestVersion { get; set; }

        public bool ForceStepPlan { get; set; }

        public bool Started { get; set; }
    }
}
