using System.Text.Json;
using Steadfast.Protocol.Calls;

namespace Steadfast.Sdk.Testing;

/// <summary>One attempt of a run-type step, as the simulated engine recorded it.</summary>
public sealed class StepAttempt
{
    internal StepAttempt(int attempt, StepAttemptOutcome outcome, DateTimeOffset startedAt, JsonElement? output, SerializedError? error, string? retryAfter)
    {
        Attempt = attempt;
        Outcome = outcome;
        StartedAt = startedAt;
        Output = output;
        Error = error;
        RetryAfter = retryAfter;
    }

    /// <summary>The zero-based attempt number (<c>ctx.attempt</c> of the call that ran it).</summary>
    public int Attempt { get; }

    /// <summary>What the attempt produced.</summary>
    public StepAttemptOutcome Outcome { get; }

    /// <summary>The (fake) time at which the call that ran the attempt started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The step's result when it succeeded.</summary>
    public JsonElement? Output { get; }

    /// <summary>The serialized error when it threw.</summary>
    public SerializedError? Error { get; }

    /// <summary>The <c>retry-after</c> value the SDK sent with the error, if any.</summary>
    public string? RetryAfter { get; }

    /// <inheritdoc />
    public override string ToString() => $"#{Attempt} {Outcome}{(Error is null ? "" : ": " + Error)}";
}
