using System.Text.Json;

namespace Steadfast.Protocol.Calls;

/// <summary>The result of one call to a function, independent of transport.</summary>
public sealed class CallResponse
{
    /// <summary>What happened.</summary>
    public CallOutcome Outcome { get; init; }

    /// <summary>The return value when <see cref="CallOutcome.Completed"/> (JSON null when the function returned nothing).</summary>
    public JsonElement Output { get; init; }

    /// <summary>Opcodes when <see cref="CallOutcome.Ops"/>.</summary>
    public IReadOnlyList<Opcode> Ops { get; init; } = [];

    /// <summary>The error when <see cref="CallOutcome.Error"/>, or an op-level retriable error.</summary>
    public SerializedError? Error { get; init; }

    /// <summary>The SDK's <c>x-inngest-no-retry</c>: true means fail now.</summary>
    public bool NoRetry { get; init; }

    /// <summary>The SDK's <c>retry-after</c> header value (seconds or a date), if any.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>The request version the SDK answered with.</summary>
    public int RequestVersion { get; init; } = 2;

    /// <summary>A completed response.</summary>
    public static CallResponse Completed(JsonElement output) => new() { Outcome = CallOutcome.Completed, Output = output };

    /// <summary>An ops response.</summary>
    public static CallResponse WithOps(IReadOnlyList<Opcode> ops, bool noRetry = false, string? retryAfter = null) =>
        new() { Outcome = CallOutcome.Ops, Ops = ops, NoRetry = noRetry, RetryAfter = retryAfter };

    /// <summary>An error response.</summary>
    public static CallResponse Failed(SerializedError error, bool noRetry, string? retryAfter = null) =>
        new() { Outcome = CallOutcome.Error, Error = error, NoRetry = noRetry, RetryAfter = retryAfter };
}
