using System.Text.Json;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Events;
using Steadfast.Protocol.Ids;
using Steadfast.Protocol.Json;
using Steadfast.Protocol.Time;

namespace Steadfast.Sdk.Testing;

internal sealed partial class SimulatedRun
{
    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement;

    private FunctionTestResult? OnOps(WorkItem item, CallResponse response)
    {
        // More than one op in a response means parallel steps: plan from now on (the engine's ForceStepPlan).
        if (response.Ops.Count > 1)
        {
            _disableImmediateExecution = true;
        }

        var discovery = false;
        foreach (var op in response.Ops)
        {
            switch (op.Op)
            {
                case OpcodeNames.StepRun or OpcodeNames.Step:
                    History(op).AddAttempt(new StepAttempt(item.Attempt, StepAttemptOutcome.Succeeded, CallAt(), op.Data, null, null));
                    discovery |= CompleteStep(op, Wrap("data", op.Data ?? Null), op.Data ?? Null, null);
                    break;
                case OpcodeNames.StepError when !response.NoRetry && item.Attempt + 1 < _maxAttempts:
                    History(op).AddAttempt(new StepAttempt(item.Attempt, StepAttemptOutcome.Errored, CallAt(), null, op.Error, response.RetryAfter));
                    Enqueue(WorkItem.Call(item.StepId, item.Attempt + 1), Now + RetryDelay(item.Attempt, response.RetryAfter));
                    break;
                case OpcodeNames.StepError or OpcodeNames.StepFailed:
                    var error = op.Error ?? SerializedError.Create("Error", "The step failed without an error.");
                    History(op).AddAttempt(new StepAttempt(item.Attempt, StepAttemptOutcome.Failed, CallAt(), null, error, response.RetryAfter));
                    discovery |= CompleteStep(op, Wrap("error", JsonSerializer.SerializeToElement(error, ProtocolJsonContext.Default.SerializedError)), null, error);
                    break;
                case OpcodeNames.StepPlanned:
                    if (IsKnown(op.Id))
                    {
                        break;
                    }

                    History(op);
                    _pendingPlanned.Add(op.Id);
                    _outstanding.Add(op.Id);
                    Enqueue(WorkItem.Call(op.Id, 0), Now);
                    break;
                case OpcodeNames.Sleep:
                    if (!IsKnown(op.Id))
                    {
                        Sleep(op);
                    }

                    break;
                case OpcodeNames.WaitForEvent:
                    if (!IsKnown(op.Id))
                    {
                        WaitForEvent(op);
                    }

                    break;
                case OpcodeNames.RunComplete:
                    return Finish(FunctionTestStatus.Completed, op.Data ?? Null, null);
                case OpcodeNames.DiscoveryRequest:
                    discovery = true;
                    break;
                case OpcodeNames.DeferAdd or OpcodeNames.DeferAbort:
                    break;
                default:
                    throw new NotSupportedException($"The test harness cannot play op '{op.Op}' (step '{op.DisplayName ?? op.Id}'); run this function against the engine instead.");
            }
        }

        if (discovery)
        {
            Enqueue(WorkItem.Call(StepIds.Discovery, 0), Now);
        }

        return null;
    }

    private void Sleep(Opcode op)
    {
        var text = op.GetOption("duration") ?? op.Name;
        if (!Durations.TryResolveDue(text, Now, out var due, out var error))
        {
            throw new InvalidOperationException($"Sleep '{op.DisplayName}' has an unreadable duration '{text}': {error}.");
        }

        var history = History(op);
        _sleeps.Add(new SleepRecord(history.Id, text ?? "", Now, due));
        _outstanding.Add(op.Id);
        Enqueue(WorkItem.Wake(op.Id, Null), due);
    }

    private void WaitForEvent(Opcode op)
    {
        var history = History(op);
        var eventName = op.Name ?? op.GetOption("event") ?? "";
        var timeout = op.GetOption("timeout");
        var record = new WaitForEventRecord(history.Id, eventName, timeout, op.GetOption("if"), Now);
        _waits.Add(record);
        _waitsByHash[op.Id] = record;
        _outstanding.Add(op.Id);

        // An empty timeout expires at once (reference §9.3).
        var timeoutAt = Now;
        if (!string.IsNullOrEmpty(timeout) && !Durations.TryResolveDue(timeout, Now, out timeoutAt, out var error))
        {
            throw new InvalidOperationException($"WaitForEvent '{history.Id}' has an unreadable timeout '{timeout}': {error}.");
        }

        if (_harness.TryGetWaitResult(history.Id, out var supplied, out var arrivesAfter) && Now + arrivesAfter <= timeoutAt)
        {
            if (!string.IsNullOrEmpty(supplied.Name) && supplied.Name != eventName)
            {
                throw new InvalidOperationException($"OnWaitForEvent(\"{history.Id}\") supplied an event named '{supplied.Name}', but the step waits for '{eventName}'.");
            }

            var arrived = EventJson.Normalize(supplied, _ids.Next(), _harness.Time, eventName);
            Enqueue(WorkItem.Wake(op.Id, EventJson.ToJson(arrived)), Now + arrivesAfter);
            return;
        }

        Enqueue(WorkItem.Wake(op.Id, Null), timeoutAt);
    }

    private void Resume(string hashedId, JsonElement memo)
    {
        if (_waitsByHash.TryGetValue(hashedId, out var wait))
        {
            wait.ResolvedAt = Now;
            wait.Event = memo.ValueKind == JsonValueKind.Object ? memo.Deserialize(ProtocolJsonContext.Default.EventPayload) : null;
        }

        _memo[hashedId] = memo;
        _stack.Add(hashedId);
        _outstanding.Remove(hashedId);
        _stepsByHash[hashedId].Complete(memo, null);
        Enqueue(WorkItem.Call(StepIds.Discovery, 0), Now);
    }

    /// <summary>Records a step's result; returns whether discovery should follow (not while planned siblings run).</summary>
    private bool CompleteStep(Opcode op, JsonElement memo, JsonElement? output, SerializedError? error)
    {
        // Memo is write-once per (run, step) — a duplicate response is ignored, as the engine does.
        if (!_memo.TryAdd(op.Id, memo))
        {
            return false;
        }

        _stack.Add(op.Id);
        _outstanding.Remove(op.Id);
        History(op).Complete(output, error);
        if (!_pendingPlanned.Remove(op.Id))
        {
            return true;
        }

        if (_pendingPlanned.Count > 0)
        {
            return false;
        }

        // The last planned step of a parallel group: discover once, and let the SDK run single steps at once again.
        _disableImmediateExecution = false;
        return true;
    }

    private bool IsKnown(string hashedId) => _memo.ContainsKey(hashedId) || _outstanding.Contains(hashedId);

    private DateTimeOffset CallAt() => _calls[^1].At;

    private StepHistory History(Opcode op)
    {
        if (_stepsByHash.TryGetValue(op.Id, out var existing))
        {
            return existing;
        }

        var userId = op.Userland is { } u ? StepIds.WithCollisionIndex(u.Id, u.Index) : op.DisplayName ?? op.Id;
        var kind = op.Op switch
        {
            OpcodeNames.Sleep => StepKind.Sleep,
            OpcodeNames.WaitForEvent => StepKind.WaitForEvent,
            _ when op.GetOption("type") == "step.sendEvent" => StepKind.SendEvent,
            _ => StepKind.Run,
        };
        var history = new StepHistory(userId, op.Id, kind, _harness.Json);
        _steps.Add(history);
        _stepsByHash[op.Id] = history;
        return history;
    }

    private static JsonElement Wrap(string key, JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(key);
            value.WriteTo(writer);
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement;
    }
}
