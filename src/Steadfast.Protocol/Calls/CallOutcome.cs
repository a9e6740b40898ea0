namespace Steadfast.Protocol.Calls;

/// <summary>What a call to a function produced (the HTTP status it maps to, reference §4.1).</summary>
public enum CallOutcome
{
    /// <summary>200: the function returned; <see cref="CallResponse.Output"/> holds the value.</summary>
    Completed,

    /// <summary>206: one or more opcodes.</summary>
    Ops,

    /// <summary>500/400: the function threw; see <see cref="CallResponse.NoRetry"/>.</summary>
    Error,
}
