using System.Text.Json;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Events;

namespace Steadfast.Sdk.Testing;

/// <summary>The outcome and full history of a run simulated by <see cref="FunctionTestHarness"/>.</summary>
public sealed class FunctionTestResult
{
    private readonly JsonSerializerOptions _json;

    internal FunctionTestResult(
        string runId,
        FunctionTestStatus status,
        JsonElement output,
        SerializedError? error,
        IReadOnlyList<StepHistory> steps,
        IReadOnlyList<SleepRecord> sleeps,
        IReadOnlyList<WaitForEventRecord> waits,
        IReadOnlyList<EventPayload> sentEvents,
        IReadOnlyList<CallRecord> calls,
        DateTimeOffset startedAt,
        DateTimeOffset finishedAt,
        JsonSerializerOptions json)
    {
        RunId = runId;
        Status = status;
        Output = output;
        Error = error;
        Steps = steps;
        Sleeps = sleeps;
        WaitsForEvent = waits;
        SentEvents = sentEvents;
        Calls = calls;
        StartedAt = startedAt;
        FinishedAt = finishedAt;
        _json = json;
    }

    /// <summary>The simulated run's id.</summary>
    public string RunId { get; }

    /// <summary>Whether the run completed or failed.</summary>
    public FunctionTestStatus Status { get; }

    /// <summary>The function's return value as JSON (JSON null when it returned nothing; undefined when it failed).</summary>
    public JsonElement Output { get; }

    /// <summary>The final error when <see cref="Status"/> is <see cref="FunctionTestStatus.Failed"/>.</summary>
    public SerializedError? Error { get; }

    /// <summary>Every step the run reached, in the order the engine first saw them.</summary>
    public IReadOnlyList<StepHistory> Steps { get; }

    /// <summary>Durable sleeps with their due times.</summary>
    public IReadOnlyList<SleepRecord> Sleeps { get; }

    /// <summary>Waits for events and how they ended.</summary>
    public IReadOnlyList<WaitForEventRecord> WaitsForEvent { get; }

    /// <summary>Events sent by <c>step.SendEvent</c> during this run (each once, however often the run replayed).</summary>
    public IReadOnlyList<EventPayload> SentEvents { get; }

    /// <summary>Every call the engine made, in order.</summary>
    public IReadOnlyList<CallRecord> Calls { get; }

    /// <summary>The number of calls the engine made to the function.</summary>
    public int CallCount => Calls.Count;

    /// <summary>When the run started (fake time).</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>When the run ended (fake time); the difference to <see cref="StartedAt"/> includes sleeps and back-off.</summary>
    public DateTimeOffset FinishedAt { get; }

    /// <summary>Errors of calls that failed as a whole (function-level errors, not step errors), in order.</summary>
    public IReadOnlyList<SerializedError> FunctionErrors =>
        [.. Calls.Where(c => c.Response.Outcome == CallOutcome.Error && c.Response.Error is not null).Select(c => c.Response.Error!)];

    /// <summary>Deserializes <see cref="Output"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">The run did not complete.</exception>
    public T? OutputAs<T>() =>
        Status == FunctionTestStatus.Completed
            ? Output.Deserialize<T>(_json)
            : throw new InvalidOperationException($"The run failed ({Error}); it has no output.");

    /// <summary>The step with user id <paramref name="id"/> (<c>id:1</c> for the second use of an id).</summary>
    /// <exception cref="KeyNotFoundException">The run never reached such a step; the message lists the ones it did.</exception>
    public StepHistory Step(string id) =>
        TryGetStep(id, out var step)
            ? step
            : throw new KeyNotFoundException($"The run has no step '{id}'. Steps: {(Steps.Count == 0 ? "(none)" : string.Join(", ", Steps.Select(s => s.Id)))}.");

    /// <summary>Finds the step with user id (or hashed id) <paramref name="id"/>.</summary>
    public bool TryGetStep(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StepHistory? step)
    {
        ArgumentNullException.ThrowIfNull(id);
        step = Steps.FirstOrDefault(s => s.Id == id) ?? Steps.FirstOrDefault(s => s.HashedId == id);
        return step is not null;
    }
}
