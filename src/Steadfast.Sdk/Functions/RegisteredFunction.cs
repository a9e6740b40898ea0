using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Steadfast.Sdk.Execution;

namespace Steadfast.Sdk;

/// <summary>A function ready to run: its configuration and how to call its handler.</summary>
public sealed class RegisteredFunction
{
    private readonly Func<InvocationState, ILogger, IServiceProvider, CancellationToken, Task<object?>> _invoke;

    private RegisteredFunction(FunctionOptions options, Func<InvocationState, ILogger, IServiceProvider, CancellationToken, Task<object?>> invoke)
    {
        options.Validate();
        Id = options.Id;
        Name = options.Name ?? options.Id;
        Triggers = options.AllTriggers();
        Retries = options.Retries;
        CancelOn = [.. options.CancelOn];
        Options = options;
        _invoke = invoke;
    }

    /// <summary>The function id within its app.</summary>
    public string Id { get; }

    /// <summary>The display name.</summary>
    public string Name { get; }

    /// <summary>Triggers.</summary>
    public IReadOnlyList<FunctionTrigger> Triggers { get; }

    /// <summary>Events that cancel a running run.</summary>
    public IReadOnlyList<CancelOn> CancelOn { get; }

    /// <summary>Retries (attempts − 1).</summary>
    public int Retries { get; }

    /// <summary>The options the function was created with (flow control: see <see cref="FlowControlConfig"/>).</summary>
    public FunctionOptions Options { get; }

    /// <summary>
    /// Gets the id of the function this one handles failures of (the JS SDK's <c>onFailure</c>), or null. Its trigger,
    /// <c>inngest/function.failed</c> for exactly that function, is completed by <see cref="FunctionRegistry"/>, which
    /// knows the app id.
    /// </summary>
    public string? FailureOf { get; private init; }

    /// <summary>The id of the failure handler of function <paramref name="functionId"/>: <c>{id}-failure</c>, as the JS SDK.</summary>
    public static string FailureHandlerId(string functionId) => functionId + "-failure";

    /// <summary>
    /// Creates the failure handler of the function configured by <paramref name="options"/>: a function of its own
    /// (<c>{id}-failure</c>, retried like any other) run once when a run of that function fails for good — retries
    /// exhausted or a non-retriable error — with the error and the run's triggering event.
    /// </summary>
    public static RegisteredFunction CreateFailureHandler(FunctionOptions options, Func<FunctionContext<FunctionFailure>, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        var failure = new FunctionOptions
        {
            Id = FailureHandlerId(options.Id),
            Name = $"{options.Name ?? options.Id} (failure)",
            Trigger = FunctionTrigger.OnEvent(FunctionFailure.EventName),
        };
        var created = Create<FunctionFailure>(failure, handler);
        return new RegisteredFunction(failure, created._invoke) { FailureOf = options.Id };
    }

    /// <summary>This failure handler with its trigger narrowed to the composite id of the function it handles.</summary>
    internal RegisteredFunction ForApp(string appId)
    {
        if (FailureOf is null)
        {
            return this;
        }

        var options = new FunctionOptions
        {
            Id = Id,
            Name = Name,
            Retries = Retries,
            Trigger = FunctionTrigger.OnEvent(FunctionFailure.EventName, $"event.data.function_id == '{appId}-{FailureOf}'"),
        };
        return new RegisteredFunction(options, _invoke) { FailureOf = FailureOf };
    }

    internal Task<object?> Invoke(InvocationState state, ILogger logger, IServiceProvider services, CancellationToken cancellationToken) =>
        _invoke(state, logger, services, cancellationToken);

    /// <summary>Creates a function from a lambda whose event data is <typeparamref name="TData"/>.</summary>
    public static RegisteredFunction Create<TData>(FunctionOptions options, Func<FunctionContext<TData>, Task<object?>> handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        return new RegisteredFunction(options, (state, logger, services, ct) => handler(CreateContext<TData>(state, logger, services, ct)));
    }

    /// <summary>Creates a function from a lambda that returns nothing.</summary>
    public static RegisteredFunction Create<TData>(FunctionOptions options, Func<FunctionContext<TData>, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Create<TData>(options, async ctx =>
        {
            await handler(ctx).ConfigureAwait(true);
            return null;
        });
    }

    /// <summary>Creates a class-based function, resolved from DI per invocation.</summary>
    public static RegisteredFunction FromClass<TFunction, TData>()
        where TFunction : SteadfastFunction<TData>
    {
        var attribute = (SteadfastFunctionAttribute?)Attribute.GetCustomAttribute(typeof(TFunction), typeof(SteadfastFunctionAttribute))
            ?? throw new InvalidOperationException($"{typeof(TFunction).Name} needs a [SteadfastFunction(\"id\", \"event/name\")] attribute.");
        var options = new FunctionOptions { Id = attribute.Id, Name = attribute.Name, Retries = attribute.Retries };
        foreach (var e in attribute.Events)
        {
            options.Triggers.Add(FunctionTrigger.OnEvent(e));
        }

        if (attribute.Cron is not null)
        {
            options.Triggers.Add(FunctionTrigger.OnCron(attribute.Cron));
        }

        return new RegisteredFunction(options, (state, logger, services, ct) =>
        {
            var instance = ActivatorUtilities.GetServiceOrCreateInstance<TFunction>(services);
            return instance.RunAsync(CreateContext<TData>(state, logger, services, ct));
        });
    }

    private static FunctionContext<TData> CreateContext<TData>(InvocationState state, ILogger logger, IServiceProvider services, CancellationToken ct)
    {
        var request = state.Request;
        var events = request.Events.Count > 0 ? request.Events : [request.Event];
        var list = new FunctionEvent[events.Count];
        FunctionEvent<TData>? first = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = new FunctionEvent<TData>(events[i], state.Json);
            first ??= e;
            list[i] = e;
        }

        first ??= new FunctionEvent<TData>(request.Event.ValueKind == JsonValueKind.Undefined ? default : request.Event, state.Json);
        return new FunctionContext<TData>(state, first, list, logger, services, ct);
    }
}
