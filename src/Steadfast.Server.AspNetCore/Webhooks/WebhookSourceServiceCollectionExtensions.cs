using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Steadfast.Clerk.AspNetCore;
using Steadfast.Engine.Events;

namespace Steadfast.Server.AspNetCore.Webhooks;

/// <summary>Registers the server's webhook sources (called by <c>AddSteadfastServer</c>).</summary>
internal static class WebhookSourceServiceCollectionExtensions
{
    /// <summary>Validates and compiles <see cref="SteadfastServerOptions.WebhookSources"/> now (throwing <see cref="InvalidOperationException"/> listing every problem) and registers the catalog.</summary>
    public static IServiceCollection AddWebhookSources(this IServiceCollection services, SteadfastServerOptions options)
    {
        var definitions = WebhookSourceDefinition.BuildAll(options);
        services.AddSingleton(sp => new WebhookSourceCatalog(
            definitions, sp.GetRequiredService<EventIngestor>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WebhookSourceCatalog>>()));
        services.AddSingleton<IWebhookSourceDirectory>(sp => sp.GetRequiredService<WebhookSourceCatalog>());
        if (definitions.Count > 0)
        {
            services.AddHostedService<WebhookSourceStartupReport>();
        }

        return services;
    }
}
