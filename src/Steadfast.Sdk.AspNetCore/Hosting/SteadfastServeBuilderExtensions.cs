using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Steadfast.Sdk.AspNetCore.Api;
using Steadfast.Sdk.AspNetCore.Events;

namespace Steadfast.Sdk.AspNetCore;

/// <summary>Adds the ASP.NET Core serve endpoint and the HTTP event sender to a Steadfast app.</summary>
public static class SteadfastServeBuilderExtensions
{
    /// <summary>
    /// Registers what <c>app.MapSteadfast(...)</c> needs: the serve options (environment defaults: see
    /// <see cref="SteadfastServeOptions"/>), the server API client and, unless an <see cref="IEventSender"/> is
    /// already registered (an embedded engine), the HTTP event sender so that <c>ctx.Step.SendEvent</c> and app code
    /// can send events to the server.
    /// </summary>
    /// <exception cref="InvalidOperationException">At first use, when a key or URL in the options is malformed.</exception>
    public static SteadfastBuilder AddServeEndpoint(this SteadfastBuilder builder, Action<SteadfastServeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddServeCore(builder.Services, configure);
        builder.Services.TryAddSingleton<ServeEndpoint>();
        builder.Services.TryAddSingleton<IEventSender, HttpEventSender>();
        return builder;
    }

    /// <summary>
    /// Registers the HTTP event sender as the app's <see cref="IEventSender"/>, replacing any other: events go to
    /// <c>POST {event api}/e/{event key}</c> with an id seed and retries on transient failures. Use it alone in apps
    /// that send events without serving functions.
    /// </summary>
    public static SteadfastBuilder AddHttpEventSender(this SteadfastBuilder builder, Action<SteadfastServeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddServeCore(builder.Services, configure);
        builder.Services.Replace(ServiceDescriptor.Singleton<IEventSender, HttpEventSender>());
        return builder;
    }

    private static void AddServeCore(IServiceCollection services, Action<SteadfastServeOptions>? configure)
    {
        var options = services.AddOptions<SteadfastServeOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => ServeSettings.Resolve(
            sp.GetRequiredService<IOptions<SteadfastServeOptions>>().Value,
            sp.GetService<IConfiguration>()));
        services.TryAddSingleton<ServerApiClient>();
        services.AddHttpClient(ServerApiClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(HttpEventSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
    }
}
