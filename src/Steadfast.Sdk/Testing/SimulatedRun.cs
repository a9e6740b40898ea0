using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Events;
using Steadfast.Protocol.Ids;
using Steadfast.Sdk.Execution;

namespace Steadfast.Sdk.Testing;

/// <summary>
/// One run played by <see cref="FunctionTestHarness"/>: the engine's side of the opcode protocol (reference §4.4,
/// §4.5, §9.1) on an agenda ordered by due time, so the fake clock only ever moves forward to the next due item.
/// </summary>
internal sealed partial class SimulatedRun
{
    private readonly FunctionTestHarness _harness;
    private readonly RegisteredFunction _function;
    private readonly IServiceProvider _services;
    private readonly InvocationEnvironment _environment;
    private readonly UlidGenerator _ids;
    private readonly JsonElement[] _events;
    private readonly int _maxAttempts;
    private readonly string _runId;
    private readonly DateTimeOffset _startedAt;

    // Engine state: write-once memo by hashed id, completion order, and the agenda of due work.
    private readonly Dictionary<string, JsonElement> _memo = new(StringComparer.Ordinal);
    private readonly List<string> _stack = [];
    private readonly PriorityQueue<WorkItem, (DateTimeOffset Due, long Seq)> _agenda = new();
    private readonly HashSet<string> _pendingPlanned = new(StringComparer.Ordinal);
    private readonly HashSet<string> _outstanding = new(StringComparer.Ordinal);
    private long _seq;
    private bool _disableImmediateExecution;
    private int _version = -1;

    // What the test sees.
    private readonly List<StepHistory> _steps = [];
    private readonly Dictionary<string, StepHistory> _stepsByHash = new(StringComparer.Ordinal);
    private readonly List<SleepRecord> _sleeps = [];
    private readonly List<WaitForEventRecord> _waits = [];
    private readonly Dictionary<string, WaitForEventRecord> _waitsByHash = new(StringComparer.Ordinal);
    private readonly List<EventPayload> _sent = [];
    private readonly List<CallRecord> _calls = [];

    public SimulatedRun(FunctionTestHarness harness, RegisteredFunction function, IReadOnlyList<EventPayload> events, IServiceProvider services)
    {
        _harness = harness;
        _function = function;
        _services = services;
        _ids = new UlidGenerator(harness.Time);
        _maxAttempts = function.Retries + 1;
        _runId = _ids.Next();
        _startedAt = harness.Time.GetUtcNow();
        _events = [.. events.Select(e => EventJson.ToJson(EventJson.Normalize(e, _ids.Next(), harness.Time)))];
        _environment = new InvocationEnvironment
        {
            Json = harness.Json,
            LoggerFactory = harness.LoggerFactory,
            Time = harness.Time,
            Events = new RecordingEventSender(harness.Time, _ids, e =>
            {
                _sent.Add(e);
                harness.RecordSent(e);
            }),
        };
    }

    private DateTimeOffset Now => _harness.Time.GetUtcNow();

    public async Task<FunctionTestResult> RunAsync(CancellationToken cancellationToken)
    {
        Enqueue(WorkItem.Call(StepIds.Discovery, 0), Now);
        while (_agenda.TryDequeue(out var item, out var at))
        {
            cancellationToken.ThrowIfCancellationRequested();
            _harness.AdvanceTo(at.Due);
            if (item.Resume is { } resume)
            {
                Resume(item.StepId, resume);
                continue;
            }

            if (_calls.Count >= _harness.MaxCalls)
            {
                throw new InvalidOperationException($"Function '{_function.Id}' did not finish within {_harness.MaxCalls} calls. Last calls: {string.Join("; ", _calls.TakeLast(5))}.");
            }

            var response = await CallAsync(item.StepId, item.Attempt, cancellationToken).ConfigureAwait(false);
            var final = response.Outcome switch
            {
                CallOutcome.Completed => Finish(FunctionTestStatus.Completed, response.Output, null),
                CallOutcome.Error => OnCallError(item, response),
                _ => OnOps(item, response),
            };
            if (final is not null)
            {
                return final;
            }
        }

        throw new InvalidOperationException($"The run of '{_function.Id}' stalled: nothing is scheduled and the function has not finished. Last calls: {string.Join("; ", _calls.TakeLast(5))}.");
    }

    private async Task<CallResponse> CallAsync(string stepId, int attempt, CancellationToken cancellationToken)
    {
        var request = new CallRequest
        {
            Event = _events[0],
            Events = _events,
            Steps = new Dictionary<string, JsonElement>(_memo, StringComparer.Ordinal),
            Version = _version,
            Ctx = new CallContext
            {
                RunId = _runId,
                Attempt = attempt,
                MaxAttempts = _maxAttempts,
                DisableImmediateExecution = _disableImmediateExecution,
                Stack = new CallStack { Stack = [.. _stack], Current = _stack.Count },
                StepId = stepId,
            },
        };
        var at = Now;
        CallResponse response;
        var scope = _services.GetService<IServiceScopeFactory>()?.CreateAsyncScope();
        try
        {
            response = await FunctionInvoker.InvokeAsync(_function, stepId, request, scope?.ServiceProvider ?? _services, _environment, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (scope is { } s)
            {
                await s.DisposeAsync().ConfigureAwait(false);
            }
        }

        _version = response.RequestVersion;
        _calls.Add(new CallRecord(stepId, attempt, request.Ctx.DisableImmediateExecution, at, response));
        return response;
    }

    private FunctionTestResult? OnCallError(WorkItem item, CallResponse response)
    {
        var error = response.Error ?? Protocol.Calls.SerializedError.Create("Error", "The function failed without an error.");
        if (response.NoRetry || item.Attempt + 1 >= _maxAttempts)
        {
            return Finish(FunctionTestStatus.Failed, default, error);
        }

        Enqueue(WorkItem.Call(item.StepId, item.Attempt + 1), Now + RetryDelay(item.Attempt, response.RetryAfter));
        return null;
    }

    private TimeSpan RetryDelay(int failedAttempt, string? retryAfter) =>
        RetryBackoff.ParseRetryAfter(retryAfter, Now) ?? _harness.RetryDelay(failedAttempt);

    private void Enqueue(WorkItem item, DateTimeOffset due) => _agenda.Enqueue(item, (due, _seq++));

    private FunctionTestResult Finish(FunctionTestStatus status, JsonElement output, SerializedError? error) =>
        new(_runId, status, output, error, [.. _steps], [.. _sleeps], [.. _waits], [.. _sent], [.. _calls], _startedAt, Now, _harness.Json);

    /// <summary>A call to make (<see cref="Resume"/> null), or a sleep or wait that ends with a memo value.</summary>
    private readonly record struct WorkItem(string StepId, int Attempt, JsonElement? Resume)
    {
        public static WorkItem Call(string stepId, int attempt) => new(stepId, attempt, null);

        public static WorkItem Wake(string hashedId, JsonElement memo) => new(hashedId, 0, memo);
    }
}
