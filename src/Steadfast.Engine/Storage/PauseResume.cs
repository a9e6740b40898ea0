namespace Steadfast.Engine.Storage;

/// <summary>
/// A pause matched by an event being committed. Applied in the same transaction as the event: when the pause still
/// exists it is deleted and the run resumes — a wait or invoke memoizes <see cref="MemoJson"/> for its step and queues a
/// discovery call; a cancellation queues a cancel item. When the pause is gone (timed out, matched by an earlier
/// event, run ended) nothing happens.
/// </summary>
/// <param name="Pause">The pause.</param>
/// <param name="MemoJson">The step result for waits and invokes.</param>
public sealed record PauseResume(PauseRecord Pause, string? MemoJson);
