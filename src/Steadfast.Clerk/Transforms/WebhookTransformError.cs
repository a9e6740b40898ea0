namespace Steadfast.Clerk.Transforms;

/// <summary>Why a webhook transform failed. <see cref="InvalidScript"/> is a configuration error; the others are per request and answer 4xx.</summary>
public enum WebhookTransformError
{
    /// <summary>The script does not parse, is too long, fails at top level, or defines no <c>transform</c> function.</summary>
    InvalidScript = 1,

    /// <summary>The request cannot be given to the transform (e.g. the body is not UTF-8 JSON), or a built-in transform rejects it.</summary>
    InvalidInput,

    /// <summary>The transform threw (a JavaScript error or a thrown value).</summary>
    ScriptError,

    /// <summary>The transform ran longer than its time limit.</summary>
    Timeout,

    /// <summary>The transform allocated more than its memory limit.</summary>
    MemoryLimitExceeded,

    /// <summary>The transform recursed deeper than its recursion limit.</summary>
    RecursionLimitExceeded,

    /// <summary>The transform returned something other than an event object or an array of them, or an event without a name.</summary>
    InvalidResult,
}
