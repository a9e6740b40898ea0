using System.Text.Json;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Json;
using Steadfast.Protocol.Time;

namespace Steadfast.Engine.Runs;

public sealed partial class RunExecutor
{
    private (RunTransition Transition, bool ContinueInline) Decide(CallCursor call, CallResponse response)
    {
        var now = Now;
        var runId = call.Run.RunId;
        var update = new RunUpdate
        {
            Status = call.Started ? null : RunStatus.Running,
            RequestVersion = call.RequestVersion == -1 ? Math.Max(1, response.RequestVersion) : null,
        };

        switch (response.Outcome)
        {
            case CallOutcome.Completed:
                return (Terminal(call, RunStatus.Completed, response.Output.ValueKind == JsonValueKind.Undefined ? "null" : response.Output.GetRawText()), false);

            case CallOutcome.Error:
                var error = response.Error ?? SerializedError.Create("Error", "The function failed without an error body.");
                if (response.NoRetry || call.Attempt + 1 >= call.Function.MaxAttempts)
                {
                    return (Terminal(call, RunStatus.Failed, Serialize(error)), false);
                }

                var retry = Retry(call, update, now, response.RetryAfter);
                retry.History.Add(History(call, HistoryTypes.FunctionErrored, null, null, Serialize(error)));
                return (retry, false);

            default:
                return DecideOps(call, response, update, now);
        }
    }

    private (RunTransition, bool) DecideOps(CallCursor call, CallResponse response, RunUpdate update, long now)
    {
        var runId = call.Run.RunId;
        var ops = response.Ops.Where(o => o.Op is not (OpcodeNames.DeferAdd or OpcodeNames.DeferAbort)).ToList();
        if (ops.Find(o => o.Op == OpcodeNames.RunComplete) is { } complete)
        {
            var memos = ops.Where(o => o.Op is OpcodeNames.StepRun or OpcodeNames.Step).Select(o => (o.Id, DataMemo(o))).ToList();
            var terminal = Terminal(call, RunStatus.Completed, complete.Data?.GetRawText() ?? "null");
            terminal.Memos.InsertRange(0, memos);
            return (terminal, false);
        }

        // A single retriable step error: retry the same item after the backoff.
        if (ops.Count == 1 && ops[0].Op == OpcodeNames.StepError && !response.NoRetry && call.Attempt + 1 < call.Function.MaxAttempts)
        {
            var retry = Retry(call, update, now, response.RetryAfter);
            retry.History.Add(History(call, HistoryTypes.StepErrored, ops[0].Id, ops[0].DisplayName ?? ops[0].Name, ops[0].Error is { } e ? Serialize(e) : null));
            return (retry, false);
        }

        var t = new RunTransition { RunId = runId, ItemId = call.Item.Id, Owner = call.Owner, Update = update with { ForceStepPlan = ops.Count > 1 ? true : null } };
        t.Memos.AddRange(call.PendingMemos);
        var memoOnly = ops.Count > 0;
        foreach (var op in ops)
        {
            var name = op.DisplayName ?? op.Userland?.Id ?? op.Name;
            switch (op.Op)
            {
                case OpcodeNames.StepRun or OpcodeNames.Step:
                    var data = DataMemo(op);
                    t.Memos.Add((op.Id, data));
                    t.History.Add(History(call, HistoryTypes.StepCompleted, op.Id, name, data));
                    break;
                case OpcodeNames.StepError or OpcodeNames.StepFailed:
                    var err = ErrorMemo(op.Error ?? SerializedError.Create("Error", "step failed"));
                    t.Memos.Add((op.Id, err));
                    t.History.Add(History(call, HistoryTypes.StepFailed, op.Id, name, err));
                    break;
                case OpcodeNames.StepPlanned:
                    memoOnly = false;
                    t.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, op.Id, now, $"{call.Run.RunId}:plan:{op.Id}"));
                    t.History.Add(History(call, HistoryTypes.StepPlanned, op.Id, name, null));
                    break;
                case OpcodeNames.Sleep:
                    memoOnly = false;
                    if (!Durations.TryResolveDue(op.Name, _time.GetUtcNow(), out var due, out var why))
                    {
                        var bad = ErrorMemo(SerializedError.Create("InvalidSleep", $"Sleep '{name}': {why}"));
                        t.Memos.Add((op.Id, bad));
                        t.Enqueue.Add(Discovery(runId, now));
                        break;
                    }

                    t.Enqueue.Add(new NewQueueItem(QueueItemKind.SleepWake, op.Id, due.ToUnixTimeMilliseconds(), $"{call.Run.RunId}:wake:{op.Id}"));
                    t.History.Add(History(call, HistoryTypes.SleepStarted, op.Id, name, $"{{\"until\":{due.ToUnixTimeMilliseconds()}}}"));
                    break;
                case OpcodeNames.WaitForEvent:
                    memoOnly = false;
                    AddWait(call, op, t, now);
                    break;
                case OpcodeNames.InvokeFunction:
                    if (!AddInvoke(call, op, t, now))
                    {
                        var unknown = ErrorMemo(SerializedError.Create("Error", $"could not find function \"{op.GetOption("function_id") ?? InvokeTarget(op)}\" to invoke"));
                        t.Memos.Add((op.Id, unknown));
                        t.History.Add(History(call, HistoryTypes.StepFailed, op.Id, name, unknown));
                        break;
                    }

                    memoOnly = false;
                    break;
                case OpcodeNames.DiscoveryRequest:
                    memoOnly = false;
                    t.Enqueue.Add(Discovery(runId, now));
                    break;
                default:
                    // WaitForSignal (and any future op): fail the step clearly so user code can catch it.
                    var unsupported = ErrorMemo(SerializedError.Create("UnsupportedOperation", $"The {op.Op} operation is not supported by this Steadfast server yet."));
                    t.Memos.Add((op.Id, unsupported));
                    t.History.Add(History(call, HistoryTypes.StepFailed, op.Id, name, unsupported));
                    break;
            }
        }

        if (!memoOnly)
        {
            return (t, false);
        }

        // Step results were recorded: the next thing is a discovery call.
        if (call.StepId == Protocol.Ids.StepIds.Discovery && ops.Count == 1)
        {
            return (CloneAsKeep(t), true);
        }

        var next = new RunTransition { RunId = runId, ItemId = call.Item.Id, Owner = call.Owner, Update = t.Update, ResetForceStepPlanWhenNoPlannedSteps = call.Item.Kind == QueueItemKind.Step };
        next.Memos.AddRange(t.Memos);
        next.History.AddRange(t.History);
        next.Enqueue.Add(Discovery(runId, now));
        return (next, false);
    }

    private const string InvokeTimeoutMemo = "{\"error\":{\"name\":\"InngestInvokeTimeoutError\",\"message\":\"Timed out waiting for invoked function to complete\"}}";
    private static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromDays(365);

    private void AddWait(CallCursor call, Opcode op, RunTransition t, long now)
    {
        var eventName = op.GetOption("event") ?? op.Name ?? "";
        var timeout = op.GetOption("timeout");
        var expires = string.IsNullOrEmpty(timeout)
            ? now
            : Durations.TryResolveDue(timeout, _time.GetUtcNow(), out var due, out _) ? due.ToUnixTimeMilliseconds() : now;
        var pause = new PauseRecord
        {
            Id = $"{call.Run.RunId}:{op.Id}",
            RunId = call.Run.RunId,
            Kind = PauseKind.WaitForEvent,
            StepId = op.Id,
            EventName = eventName,
            Expression = op.GetOption("if"),
            TriggerJson = call.Trigger,
            CreatedAt = now,
            ExpiresAt = expires,
        };
        t.Pauses.Add(pause);
        t.Enqueue.Add(new NewQueueItem(QueueItemKind.PauseTimeout, op.Id, expires, pause.TimeoutDedupKey));
        t.History.Add(History(call, HistoryTypes.PauseCreated, op.Id, op.DisplayName ?? op.Userland?.Id, $"{{\"event\":{Quote(eventName)},\"expires\":{expires}}}"));
    }

    /// <summary>A JSON (and CEL) string literal.</summary>
    private static string Quote(string value) => "\"" + JsonEncodedText.Encode(value).ToString() + "\"";

    private static string InvokeTarget(Opcode op) =>
        op.Opts is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("function_id", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : "";

    /// <summary>
    /// <c>step.invoke</c>: emit <c>inngest/function.invoked</c> for the target (a run of it starts regardless of its
    /// triggers) and pause until its <c>function.finished</c> carries our correlation id.
    /// </summary>
    private bool AddInvoke(CallCursor call, Opcode op, RunTransition t, long now)
    {
        var target = InvokeTarget(op);
        var function = _catalog.Get(target) ?? _catalog.All.FirstOrDefault(f => f.Id.EndsWith("-" + target, StringComparison.Ordinal));
        if (function is null)
        {
            return false;
        }

        var correlation = $"{call.Run.RunId}.{op.Id}";
        var payload = op.Opts is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var internalId = _ids.Next();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("name", Protocol.Events.InternalEvents.FunctionInvoked);
            w.WriteStartObject("data");
            if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                foreach (var prop in data.EnumerateObject())
                {
                    if (prop.Name != "_inngest")
                    {
                        prop.WriteTo(w);
                    }
                }
            }

            w.WriteStartObject("_inngest");
            w.WriteString("fn_id", function.Id);
            w.WriteString("correlation_id", correlation);
            w.WriteString("source_fn_id", call.Function.Id);
            w.WriteString("source_run_id", call.Run.RunId);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("id", internalId);
            w.WriteNumber("ts", now);
            w.WriteStartObject("user");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        var json = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        var invoked = new StoredEvent { InternalId = internalId, Id = internalId, Name = Protocol.Events.InternalEvents.FunctionInvoked, Ts = now, ReceivedAt = now, Json = json };
        t.Emit ??= new EventCommit();
        t.Emit.Events.Add(invoked);
        _planner.AddRun(function, invoked, [internalId], null, now, t.Emit);

        var timeout = op.GetOption("timeout");
        var expires = !string.IsNullOrEmpty(timeout) && Durations.TryResolveDue(timeout, _time.GetUtcNow(), out var due, out _)
            ? due.ToUnixTimeMilliseconds()
            : now + (long)DefaultWaitTimeout.TotalMilliseconds;
        var pause = new PauseRecord
        {
            Id = $"{call.Run.RunId}:{op.Id}",
            RunId = call.Run.RunId,
            Kind = PauseKind.Invoke,
            StepId = op.Id,
            EventName = Protocol.Events.InternalEvents.FunctionFinished,
            Expression = $"async.data.correlation_id == {Quote(correlation)}",
            CreatedAt = now,
            ExpiresAt = expires,
        };
        t.Pauses.Add(pause);
        t.Enqueue.Add(new NewQueueItem(QueueItemKind.PauseTimeout, op.Id, expires, pause.TimeoutDedupKey));
        t.History.Add(History(call, HistoryTypes.PauseCreated, op.Id, op.DisplayName ?? op.Userland?.Id, $"{{\"invoke\":{Quote(function.Id)},\"expires\":{expires}}}"));
        return true;
    }

    private static RunTransition CloneAsKeep(RunTransition t)
    {
        var keep = new RunTransition
        {
            RunId = t.RunId,
            ItemId = t.ItemId,
            Owner = t.Owner,
            Disposition = ItemDisposition.Keep,
            NextAttempt = 0,
            KeepAs = QueueItemKind.Discovery,
            Update = t.Update,
        };
        keep.Memos.AddRange(t.Memos);
        keep.History.AddRange(t.History);
        return keep;
    }

    private RunTransition Retry(CallCursor call, RunUpdate update, long now, string? retryAfter)
    {
        var at = Backoff.ParseRetryAfter(retryAfter, _time.GetUtcNow())?.ToUnixTimeMilliseconds()
            ?? now + (long)Backoff.Delay(call.Attempt, _options.RetryInterval).TotalMilliseconds;
        var t = new RunTransition
        {
            RunId = call.Run.RunId,
            ItemId = call.Item.Id,
            Owner = call.Owner,
            Disposition = ItemDisposition.Reschedule,
            RescheduleAt = at,
            NextAttempt = call.Attempt + 1,
            Update = update,
        };

        // A wake's null memo is kept even when the call after it fails.
        t.Memos.AddRange(call.PendingMemos);
        return t;
    }

    private RunTransition Terminal(CallCursor call, RunStatus status, string output)
    {
        var t = Terminal(call.Item.Id, call.Owner, call.Run, call.EventsJson, status, output, call.Attempt);
        t.Memos.AddRange(call.PendingMemos);
        return t;
    }

    private RunTransition Terminal(long itemId, string owner, RunRecord run, IReadOnlyList<string> eventsJson, RunStatus status, string output, int attempt)
    {
        var now = Now;
        var t = new RunTransition
        {
            RunId = run.RunId,
            ItemId = itemId,
            Owner = owner,
            DeleteAllItems = true,
            Update = new RunUpdate { Status = status, Output = output, EndedAt = now },
            Emit = _finish.Build(run, eventsJson, status, output, now),
        };
        var type = status switch
        {
            RunStatus.Completed => HistoryTypes.RunCompleted,
            RunStatus.Cancelled => HistoryTypes.RunCancelled,
            _ => HistoryTypes.RunFailed,
        };
        t.History.Add(new HistoryEntry { RunId = run.RunId, At = now, Type = type, Attempt = attempt, Json = output });
        return t;
    }

    private HistoryEntry History(CallCursor call, string type, string? stepId, string? stepName, string? json) =>
        new() { RunId = call.Run.RunId, At = Now, Type = type, StepId = stepId, StepName = stepName, Attempt = call.Attempt, Json = json };

    private static NewQueueItem Discovery(string runId, long now) => new(QueueItemKind.Discovery, Protocol.Ids.StepIds.Discovery, now, $"{runId}:discovery");

    private static string Serialize(SerializedError error) => JsonSerializer.Serialize(error, ProtocolJsonContext.Default.SerializedError);

    private static string DataMemo(Opcode op) => $"{{\"data\":{(op.Data is { ValueKind: not JsonValueKind.Undefined } d ? d.GetRawText() : "null")}}}";

    private static string ErrorMemo(SerializedError error) => $"{{\"error\":{Serialize(error)}}}";
}
