using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Steadfast.Protocol.Events;

namespace Steadfast.Sdk.Testing;

/// <summary>
/// Runs a <see cref="RegisteredFunction"/> in a unit test the way the engine would, without an engine: it plays the
/// server side of the opcode protocol in a loop (memo map and stack, immediate execution and planning, step retries
/// with back-off, sleeps, waits for events, sent events, function-level retries) on a fake clock, so a three-day
/// sleep or an hour of back-off takes no time.
/// </summary>
/// <example>
/// <code>
/// var result = await new FunctionTestHarness().RunAsync(fn, FunctionTestHarness.Event("clerk/user.created", new { id = "u1" }));
/// Assert.Equal(FunctionTestStatus.Completed, result.Status);
/// Assert.Equal(3, result.Step("send-email").Attempts.Count);
/// </code>
/// </example>
public sealed class FunctionTestHarness
{
    private static readonly IServiceProvider EmptyServices = new ServiceCollection().BuildServiceProvider();

    private readonly Dictionary<string, (EventPayload Event, TimeSpan ArrivesAfter)> _waitResults = new(StringComparer.Ordinal);
    private readonly List<EventPayload> _sentEvents = [];
    private readonly Action<TimeSpan>? _advance;

    /// <summary>Creates a harness with its own <see cref="ManualTimeProvider"/> starting at <see cref="ManualTimeProvider.DefaultStart"/>.</summary>
    public FunctionTestHarness()
        : this(new ManualTimeProvider())
    {
    }

    /// <summary>
    /// Creates a harness on <paramref name="time"/>. A <see cref="ManualTimeProvider"/> is moved by the harness itself;
    /// for any other clock pass <paramref name="advance"/> (for <c>FakeTimeProvider</c>: <c>fake.Advance</c>), else
    /// sleeps and back-off are recorded with their due times but the clock does not move.
    /// </summary>
    public FunctionTestHarness(TimeProvider time, Action<TimeSpan>? advance = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        Time = time;
        Clock = time as ManualTimeProvider;
        _advance = advance ?? (Clock is { } clock ? clock.Advance : null);
    }

    /// <summary>The clock the function and its steps see (<see cref="FunctionContext.Time"/>).</summary>
    public TimeProvider Time { get; }

    /// <summary>The harness's fake clock, when <see cref="Time"/> is a <see cref="ManualTimeProvider"/>.</summary>
    public ManualTimeProvider? Clock { get; }

    /// <summary>JSON options for step results and event data. Default: <see cref="SteadfastJson.Default"/>.</summary>
    public JsonSerializerOptions Json { get; init; } = SteadfastJson.Default;

    /// <summary>Where the function's <see cref="FunctionContext.Logger"/> writes. Default: nowhere.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The delay before a retry, by the zero-based attempt that failed. Default: <see cref="RetryBackoff.Default"/>.</summary>
    public Func<int, TimeSpan> RetryDelay { get; init; } = RetryBackoff.Default;

    /// <summary>
    /// How many calls a run may take before the harness gives up with <see cref="InvalidOperationException"/>
    /// (a function that never finishes). Default 1000, the engine's step limit.
    /// </summary>
    public int MaxCalls { get; init; } = 1000;

    /// <summary>Every event sent by <c>step.SendEvent</c> in all runs of this harness, in order.</summary>
    public IReadOnlyList<EventPayload> SentEvents => _sentEvents;

    /// <summary>
    /// Resolves <c>step.WaitForEvent(<paramref name="stepId"/>, …)</c> with <paramref name="event"/>, which arrives
    /// <paramref name="arrivesAfter"/> after the wait starts (default at once). A wait with no event registered, or
    /// whose event would arrive after its timeout, times out (the step returns null) when the timeout passes. The
    /// harness does not evaluate the wait's <c>if</c> expression: the event is taken as matching.
    /// </summary>
    /// <param name="stepId">The user's step id; <c>id:1</c> for the second wait with the same id.</param>
    /// <param name="event">The event; an empty name means the awaited name.</param>
    /// <param name="arrivesAfter">Delay between the start of the wait and the event.</param>
    /// <returns>This harness, for chaining.</returns>
    public FunctionTestHarness OnWaitForEvent(string stepId, EventPayload @event, TimeSpan? arrivesAfter = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stepId);
        ArgumentNullException.ThrowIfNull(@event);
        var delay = arrivesAfter ?? TimeSpan.Zero;
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero, nameof(arrivesAfter));
        _waitResults[stepId] = (@event, delay);
        return this;
    }

    /// <summary>Builds an event named <paramref name="name"/> whose <c>data</c> is <paramref name="data"/> serialized with web defaults.</summary>
    public static EventPayload Event(string name, object? data = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new EventPayload { Name = name, Data = JsonSerializer.SerializeToElement(data ?? new Dictionary<string, object>(), SteadfastJson.Default) };
    }

    /// <summary>Runs <paramref name="function"/> for <paramref name="trigger"/> until it completes or fails for good.</summary>
    /// <exception cref="InvalidOperationException">The run took more than <see cref="MaxCalls"/> calls, or stalled.</exception>
    /// <exception cref="NotSupportedException">The function reported an op the harness cannot play (e.g. InvokeFunction).</exception>
    public Task<FunctionTestResult> RunAsync(RegisteredFunction function, EventPayload trigger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return RunAsync(function, [trigger], null, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="function"/> with <paramref name="services"/>: each call gets its own DI scope, as in the
    /// engine, so scoped services are new per call.
    /// </summary>
    public Task<FunctionTestResult> RunAsync(RegisteredFunction function, EventPayload trigger, IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(services);
        return RunAsync(function, [trigger], services, cancellationToken);
    }

    /// <summary>Runs a class-based function <typeparamref name="TFunction"/>, resolved from a new scope of <paramref name="services"/> per call.</summary>
    public Task<FunctionTestResult> RunAsync<TFunction, TData>(IServiceProvider services, EventPayload trigger, CancellationToken cancellationToken = default)
        where TFunction : SteadfastFunction<TData>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(trigger);
        return RunAsync(RegisteredFunction.FromClass<TFunction, TData>(), [trigger], services, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="function"/> for a batch of <paramref name="events"/> (the first is the trigger), with
    /// <paramref name="services"/> scoped per call when given.
    /// </summary>
    public async Task<FunctionTestResult> RunAsync(RegisteredFunction function, IReadOnlyList<EventPayload> events, IServiceProvider? services = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("A run needs at least one event.", nameof(events));
        }

        var run = new SimulatedRun(this, function, events, services ?? EmptyServices);
        return await run.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    internal bool TryGetWaitResult(string stepId, out EventPayload @event, out TimeSpan arrivesAfter)
    {
        var found = _waitResults.TryGetValue(stepId, out var entry);
        (@event, arrivesAfter) = entry;
        return found;
    }

    internal void RecordSent(EventPayload @event) => _sentEvents.Add(@event);

    internal void AdvanceTo(DateTimeOffset due)
    {
        var delta = due - Time.GetUtcNow();
        if (delta > TimeSpan.Zero)
        {
            _advance?.Invoke(delta);
        }
    }
}
