using System.Globalization;
using System.Text.Json;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Events;
using Steadfast.Protocol.Json;
using Steadfast.Protocol.Time;
using Steadfast.Sdk.Execution;

namespace Steadfast.Sdk;

/// <summary>
/// Durable step tools. Each step is identified by its id; a result is recorded by the engine once and replayed on
/// every later call, so a step body runs at least once and its recorded result exactly once per run. Reusing an
/// id in one run is allowed (loops): the second use becomes <c>id:1</c>, then <c>id:2</c>, as in the official SDKs.
/// </summary>
public sealed class StepTools
{
    private readonly InvocationState _state;

    internal StepTools(InvocationState state) => _state = state;

    /// <summary>Runs <paramref name="body"/> as a retried, memoized step and returns its (JSON round-tripped) result.</summary>
    public Task<T> Run<T>(string id, Func<Task<T>> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(body);
        return RunCore<T>(id, async () => JsonSerializer.SerializeToElement(await body().ConfigureAwait(false), _state.Json), null, null);
    }

    /// <summary>Runs a synchronous step.</summary>
    public Task<T> Run<T>(string id, Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Run(id, () => Task.FromResult(body()));
    }

    /// <summary>Runs a step with no result.</summary>
    public Task Run(string id, Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Run<object?>(id, async () =>
        {
            await body().ConfigureAwait(false);
            return null;
        });
    }

    /// <summary>Runs a synchronous step with no result.</summary>
    public Task Run(string id, Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Run<object?>(id, () =>
        {
            body();
            return (object?)null;
        });
    }

    /// <summary>Sleeps durably for <paramref name="duration"/> (at most 366 days).</summary>
    public Task Sleep(string id, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (duration < TimeSpan.Zero || duration > Durations.Max)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A sleep lasts between 0 and 366 days.");
        }

        return AsyncOp(id, OpcodeNames.Sleep, Durations.Format(duration), null);
    }

    /// <summary>Sleeps durably for a duration written as text: <c>"3 days"</c>, <c>"1h30m"</c>, <c>"45s"</c>.</summary>
    public Task Sleep(string id, string duration) => Sleep(id, Durations.Parse(duration));

    /// <summary>Sleeps durably until <paramref name="until"/>; a time in the past resumes at once.</summary>
    public Task SleepUntil(string id, DateTimeOffset until)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return AsyncOp(id, OpcodeNames.Sleep, until.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), null);
    }

    /// <summary>Sends events as a step: sent once per run, ids memoized.</summary>
    public async Task<IReadOnlyList<string>> SendEvent(string id, params EventPayload[] events)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(events);
        var sender = _state.Events ?? throw new InvalidOperationException("No event sender is configured for this function host.");
        var opts = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["type"] = "step.sendEvent" }, _state.Json);
        var result = await RunCore<SendEventsResult>(
            id,
            async () =>
            {
                var ids = await sender.SendAsync(events).ConfigureAwait(false);
                return JsonSerializer.SerializeToElement(new SendEventsResult { Ids = [.. ids] }, _state.Json);
            },
            "sendEvent",
            opts).ConfigureAwait(false);
        return result.Ids;
    }

    /// <summary>Sends one event as a step.</summary>
    public Task<IReadOnlyList<string>> SendEvent(string id, string name, object? data) =>
        SendEvent(id, new EventPayload { Name = name, Data = JsonSerializer.SerializeToElement(data ?? new object(), _state.Json) });

    /// <summary>
    /// Waits for an event named <paramref name="eventName"/> matching <paramref name="ifExpression"/> (CEL over
    /// <c>event</c> = this run's trigger and <c>async</c> = the candidate) for at most <paramref name="timeout"/>.
    /// Returns the event, or null on timeout.
    /// </summary>
    public async Task<FunctionEvent?> WaitForEvent(string id, string eventName, TimeSpan timeout, string? ifExpression = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        var opts = new Dictionary<string, string> { ["event"] = eventName, ["timeout"] = Durations.Format(timeout) };
        if (ifExpression is not null)
        {
            opts["if"] = ifExpression;
        }

        var memo = await AsyncOpResult(id, OpcodeNames.WaitForEvent, eventName, JsonSerializer.SerializeToElement(opts, _state.Json)).ConfigureAwait(false);
        return memo.ValueKind == JsonValueKind.Object ? new FunctionEvent(memo, _state.Json) : null;
    }

    /// <summary>
    /// Invokes another function with <paramref name="data"/> as its event data and returns its result. The invoked
    /// function's failure throws <see cref="StepFailedException"/>; so does a timeout (default one year).
    /// <paramref name="functionId"/> is the function's id (<c>app-id</c> prefixed or not).
    /// </summary>
    public async Task<T?> Invoke<T>(string id, string functionId, object? data, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        var opts = new Dictionary<string, object?>
        {
            ["function_id"] = functionId,
            ["payload"] = new Dictionary<string, object?> { ["data"] = data ?? new Dictionary<string, object?>() },
        };
        if (timeout is { } t)
        {
            opts["timeout"] = Durations.Format(t);
        }

        var memo = await AsyncOpResult(id, OpcodeNames.InvokeFunction, id, JsonSerializer.SerializeToElement(opts, _state.Json)).ConfigureAwait(false);
        return memo.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? default : memo.Deserialize<T>(_state.Json);
    }

    private Task<T> RunCore<T>(string id, Func<Task<JsonElement>> body, string? name, JsonElement? opts)
    {
        var (hashed, index) = _state.NextId(id);
        if (_state.TryGetMemo(hashed, out var memo))
        {
            if (memo.Kind == MemoKind.Error)
            {
                var error = memo.Value.Deserialize(ProtocolJsonContext.Default.SerializedError) ?? SerializedError.Create("Error", "unknown step error");
                return Task.FromException<T>(new StepFailedException(id, error));
            }

            try
            {
                return Task.FromResult(memo.Value.ValueKind == JsonValueKind.Undefined ? default! : memo.Value.Deserialize<T>(_state.Json)!);
            }
            catch (JsonException ex)
            {
                return Task.FromException<T>(new NonRetriableException($"The recorded result of step '{id}' does not deserialize as {typeof(T).Name}: {ex.Message}", ex));
            }
        }

        _state.AddFound(new FoundStep { HashedId = hashed, UserId = id, Index = index, Op = OpcodeNames.StepRun, Name = name, Opts = opts ?? EmptyOpts, Body = body });
        return new TaskCompletionSource<T>().Task;
    }

    private async Task AsyncOp(string id, string op, string name, JsonElement? opts) =>
        await AsyncOpResult(id, op, name, opts).ConfigureAwait(false);

    private Task<JsonElement> AsyncOpResult(string id, string op, string name, JsonElement? opts)
    {
        var (hashed, index) = _state.NextId(id);
        if (_state.TryGetMemo(hashed, out var memo))
        {
            if (memo.Kind == MemoKind.Error)
            {
                var error = memo.Value.Deserialize(ProtocolJsonContext.Default.SerializedError) ?? SerializedError.Create("Error", "unknown step error");
                return Task.FromException<JsonElement>(new StepFailedException(id, error));
            }

            return Task.FromResult(memo.Value);
        }

        _state.AddFound(new FoundStep { HashedId = hashed, UserId = id, Index = index, Op = op, Name = name, Opts = opts ?? EmptyOpts });
        return new TaskCompletionSource<JsonElement>().Task;
    }

    private static readonly JsonElement EmptyOpts = JsonDocument.Parse("{}").RootElement;

    private sealed class SendEventsResult
    {
        public List<string> Ids { get; set; } = [];
    }
}
