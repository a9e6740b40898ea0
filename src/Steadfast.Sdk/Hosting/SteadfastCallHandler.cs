using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Steadfast.Protocol.Calls;
using Steadfast.Sdk.Execution;

namespace Steadfast.Sdk;

/// <summary>
/// Runs calls for the functions of one app, in this process: a DI scope per call, then the opcode model. The
/// engine's in-process driver and the ASP.NET Core serve endpoint both go through this type.
/// </summary>
public sealed class SteadfastCallHandler : IFunctionCallHandler
{
    private readonly FunctionRegistry _registry;
    private readonly IServiceScopeFactory _scopes;
    private readonly InvocationEnvironment _environment;

    /// <summary>Creates the handler.</summary>
    public SteadfastCallHandler(FunctionRegistry registry, IServiceScopeFactory scopes, SteadfastOptions options, ILoggerFactory loggerFactory, TimeProvider time, IEventSender? events = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _scopes = scopes;
        _environment = new InvocationEnvironment { Json = options.Json, LoggerFactory = loggerFactory, Time = time, Events = events };
    }

    /// <summary>The functions served.</summary>
    public FunctionRegistry Registry => _registry;

    /// <inheritdoc />
    public async ValueTask<CallResponse> CallAsync(string functionId, string stepId, CallRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_registry.TryGet(functionId, out var function))
        {
            return CallResponse.Failed(SerializedError.Create("Error", $"Could not find function with ID \"{functionId}\""), noRetry: false);
        }

        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            return await FunctionInvoker.InvokeAsync(function, stepId, request, scope.ServiceProvider, _environment, cancellationToken).ConfigureAwait(false);
        }
    }
}
