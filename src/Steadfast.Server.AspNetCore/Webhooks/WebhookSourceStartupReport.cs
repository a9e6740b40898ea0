using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Steadfast.Server.AspNetCore.Webhooks;

/// <summary>Logs the configured sources when the host starts, and warns about every unverified source in start mode.</summary>
internal sealed class WebhookSourceStartupReport(WebhookSourceCatalog catalog, SteadfastServerOptions options, ILogger<WebhookSourceStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var source in catalog.Sources)
        {
            var transform = source.TransformFile is { } file ? $"{source.Transform} ({file})" : source.Transform;
            WebhookSourceLog.Configured(logger, source.Name, source.Path, source.Verification, transform);
            if (options.Mode == ServerMode.Start && source.Verification == "none")
            {
                WebhookSourceLog.Unverified(logger, source.Name, source.Path);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
