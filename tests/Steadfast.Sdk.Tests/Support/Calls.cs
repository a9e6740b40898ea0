using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Ids;
using Steadfast.Sdk.Execution;

namespace Steadfast.Sdk.Tests.Support;

/// <summary>Drives <see cref="FunctionInvoker"/> directly, one call at a time, as the engine's driver would.</summary>
internal static class Calls
{
    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    public static string Hash(string userId) => StepIds.Hash(userId);

    public static Task<CallResponse> Invoke(
        RegisteredFunction function,
        IReadOnlyDictionary<string, JsonElement>? steps = null,
        string stepId = StepIds.Discovery,
        int attempt = 0,
        int maxAttempts = 5,
        bool disableImmediateExecution = false,
        object? data = null,
        IServiceProvider? services = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null,
        IEventSender? events = null)
    {
        var evt = JsonSerializer.SerializeToElement(new { name = "test/event", id = "01JEVT0000000000000000000A", ts = 1700000000000, data = data ?? new { }, user = new { } }, SteadfastJson.Default);
        var request = new CallRequest
        {
            Event = evt,
            Events = [evt],
            Steps = steps ?? new Dictionary<string, JsonElement>(),
            Ctx = new CallContext
            {
                RunId = "01JRUN00000000000000000000",
                Attempt = attempt,
                MaxAttempts = maxAttempts,
                DisableImmediateExecution = disableImmediateExecution,
                Stack = new CallStack { Stack = [.. (steps ?? new Dictionary<string, JsonElement>()).Keys] },
                StepId = stepId,
            },
        };
        var environment = new InvocationEnvironment
        {
            LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance,
            Time = time ?? TimeProvider.System,
            Events = events,
        };
        return FunctionInvoker.InvokeAsync(function, stepId, request, services ?? NoServices, environment, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));
    }
}

/// <summary>Memo values as the engine stores them (reference §4.4).</summary>
internal static class Memo
{
    public static JsonElement Data(object? value) => JsonSerializer.SerializeToElement(new { data = value }, SteadfastJson.Default);

    public static JsonElement Error(string name, string message) =>
        JsonSerializer.SerializeToElement(new { error = new { name, message, stack = "at step", __serialized = true } });

    public static JsonElement Null { get; } = JsonDocument.Parse("null").RootElement;

    public static JsonElement Raw(string json) => JsonDocument.Parse(json).RootElement;

    /// <summary>A steps map keyed by hashed ids of the given user ids.</summary>
    public static Dictionary<string, JsonElement> Steps(params (string UserId, JsonElement Memo)[] entries)
    {
        var map = new Dictionary<string, JsonElement>();
        foreach (var (id, memo) in entries)
        {
            map[StepIds.Hash(id)] = memo;
        }

        return map;
    }
}

internal static class Functions
{
    public static RegisteredFunction Create(Func<FunctionContext<JsonElement>, Task<object?>> handler, int retries = 4, string id = "fn") =>
        RegisteredFunction.Create(new FunctionOptions { Id = id, Trigger = "test/event", Retries = retries }, handler);

    public static RegisteredFunction Create<T>(Func<FunctionContext<T>, Task<object?>> handler, int retries = 4, string id = "fn") =>
        RegisteredFunction.Create(new FunctionOptions { Id = id, Trigger = "test/event", Retries = retries }, handler);
}
