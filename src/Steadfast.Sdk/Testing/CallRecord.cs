using Steadfast.Protocol.Calls;

namespace Steadfast.Sdk.Testing;

/// <summary>One call the simulated engine made to the function, and what it answered.</summary>
public sealed class CallRecord
{
    internal CallRecord(string stepId, int attempt, bool disableImmediateExecution, DateTimeOffset at, CallResponse response)
    {
        StepId = stepId;
        Attempt = attempt;
        DisableImmediateExecution = disableImmediateExecution;
        At = at;
        Response = response;
    }

    /// <summary>The requested step: <c>step</c> for discovery, else a hashed step id.</summary>
    public string StepId { get; }

    /// <summary>The zero-based attempt of this call.</summary>
    public int Attempt { get; }

    /// <summary>Whether the call asked the SDK to plan instead of running a step at once.</summary>
    public bool DisableImmediateExecution { get; }

    /// <summary>When the call was made (fake time).</summary>
    public DateTimeOffset At { get; }

    /// <summary>What the function answered.</summary>
    public CallResponse Response { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{StepId}#{Attempt} -> {Response.Outcome}" + (Response.Outcome == CallOutcome.Ops ? " [" + string.Join(", ", Response.Ops.Select(o => o.Op + " " + (o.DisplayName ?? o.Id))) + "]" : "");
}
