using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Steadfast.Sdk;

/// <summary>DI registration of a Steadfast app.</summary>
public static class SteadfastServiceCollectionExtensions
{
    /// <summary>
    /// Registers a Steadfast app: its options, the function registry and the call handler. Add functions on the
    /// returned builder. An <see cref="IEventSender"/> must be registered by the host (the embedded engine, or an HTTP client).
    /// </summary>
    public static SteadfastBuilder AddSteadfast(this IServiceCollection services, Action<SteadfastOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SteadfastOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => !string.IsNullOrWhiteSpace(o.AppId), "SteadfastOptions.AppId is required.");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new FunctionRegistry(
            sp.GetRequiredService<IOptions<SteadfastOptions>>().Value.AppId,
            sp.GetServices<RegisteredFunction>()));
        services.TryAddSingleton(sp => new SteadfastCallHandler(
            sp.GetRequiredService<FunctionRegistry>(),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<IOptions<SteadfastOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IEventSender>()));
        return new SteadfastBuilder(services);
    }
}
