using Microsoft.Extensions.Logging;

namespace Steadfast.Sdk;

/// <summary>What a function handler receives for one call.</summary>
public class FunctionContext
{
    internal FunctionContext(Execution.InvocationState state, FunctionEvent @event, IReadOnlyList<FunctionEvent> events, ILogger logger, IServiceProvider services, CancellationToken cancellationToken)
    {
        State = state;
        EventUntyped = @event;
        Events = events;
        Logger = logger;
        Services = services;
        CancellationToken = cancellationToken;
        Step = new StepTools(state);
    }

    internal Execution.InvocationState State { get; }

    internal FunctionEvent EventUntyped { get; }

    /// <summary>All events of the run (more than one for batches); the first is the trigger.</summary>
    public IReadOnlyList<FunctionEvent> Events { get; }

    /// <summary>The run id.</summary>
    public string RunId => State.RunId;

    /// <summary>Zero-based attempt of this call.</summary>
    public int Attempt => State.Attempt;

    /// <summary>A logger that stays quiet while memoized steps are replayed.</summary>
    public ILogger Logger { get; }

    /// <summary>The DI scope of this invocation.</summary>
    public IServiceProvider Services { get; }

    /// <summary>
    /// The host's clock: the engine's <see cref="System.TimeProvider"/>, or a test harness's fake clock (which jumps
    /// over durable sleeps and retry back-off). Use it instead of the wall clock in functions.
    /// </summary>
    public TimeProvider Time => State.Time;

    /// <summary>Cancelled when the engine stops this call.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Durable step tools.</summary>
    public StepTools Step { get; }
}

/// <summary>A function context whose event has typed <c>data</c>.</summary>
/// <typeparam name="TData">The data type.</typeparam>
public sealed class FunctionContext<TData> : FunctionContext
{
    internal FunctionContext(Execution.InvocationState state, FunctionEvent<TData> @event, IReadOnlyList<FunctionEvent> events, ILogger logger, IServiceProvider services, CancellationToken cancellationToken)
        : base(state, @event, events, logger, services, cancellationToken) => Event = @event;

    /// <summary>The triggering event (the first of a batch).</summary>
    public FunctionEvent<TData> Event { get; }
}
