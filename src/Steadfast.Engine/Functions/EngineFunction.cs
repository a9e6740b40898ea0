using Steadfast.Protocol.Calls;

namespace Steadfast.Engine.Functions;

/// <summary>A function the engine can run: its configuration and the handler that calls it (in-process or HTTP).</summary>
public sealed class EngineFunction
{
    /// <summary>The composite id (<c>{appId}-{functionId}</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>The app it belongs to.</summary>
    public required string AppId { get; init; }

    /// <summary>Triggers.</summary>
    public required IReadOnlyList<EngineTrigger> Triggers { get; init; }

    /// <summary>Events that cancel a running run (<c>cancelOn</c>, at most 5).</summary>
    public IReadOnlyList<CancelTrigger> Cancel { get; init; } = [];

    /// <summary>Retries (attempts − 1). Default 4.</summary>
    public int Retries { get; init; } = 4;

    /// <summary>Flow control (idempotency, rate limit, throttle, concurrency, debounce, batching, priority, singleton, timeouts).</summary>
    public FlowControl.FlowControl FlowControl { get; init; } = Engine.FlowControl.FlowControl.None;

    /// <summary>The driver that calls the function.</summary>
    public required IFunctionCallHandler Handler { get; init; }

    /// <summary>Attempts per work item.</summary>
    public int MaxAttempts => Retries + 1;
}
