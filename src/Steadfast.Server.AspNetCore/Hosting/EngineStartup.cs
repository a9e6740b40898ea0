using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steadfast.Engine.Functions;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;
using Steadfast.Server.AspNetCore.Sync;

namespace Steadfast.Server.AspNetCore;

/// <summary>Opens the store and registers in-process functions before the scheduler starts.</summary>
internal sealed partial class EngineStartup(IEngineStore store, FunctionCatalog catalog, IExpressionFilter filter, AppRegistry apps, IServiceProvider services, ILogger<EngineStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);

        // Apps synced over HTTP in an earlier life of the server run again without a new sync.
        await apps.LoadAsync(cancellationToken).ConfigureAwait(false);
        var handler = services.GetService<SteadfastCallHandler>();
        if (handler is null)
        {
            return;
        }

        var functions = new List<EngineFunction>();
        foreach (var (compositeId, f) in handler.Registry.All)
        {
            foreach (var t in f.Triggers)
            {
                if (t.Expression is { Length: > 0 } expression && filter.Validate(expression) is { } error)
                {
                    throw new InvalidOperationException($"Function '{f.Id}': invalid trigger expression: {error}");
                }

                if (t.Cron is { } cron && !Steadfast.Engine.Cron.CronSchedule.TryParse(cron, out _, out var cronError))
                {
                    throw new InvalidOperationException($"Function '{f.Id}': invalid cron trigger: {cronError}");
                }
            }

            var config = new Steadfast.Protocol.Sync.FunctionConfig { Id = compositeId };
            FlowControlConfig.Apply(f.Options, config);
            if (!Steadfast.Engine.FlowControl.FlowControlParser.TryParse(config, out var flow, out var flowError))
            {
                throw new InvalidOperationException($"Function '{f.Id}': {flowError}");
            }

            functions.Add(new EngineFunction
            {
                FlowControl = flow,
                Id = compositeId,
                Name = f.Name,
                AppId = handler.Registry.AppId,
                Retries = f.Retries,
                Handler = handler,
                Triggers = [.. f.Triggers.Select(t => new EngineTrigger(t.Event, t.Expression, t.Cron))],
                Cancel = [.. f.CancelOn.Select(c => new CancelTrigger(c.Event, c.Condition, c.Timeout))],
            });
        }

        catalog.SetApp(handler.Registry.AppId, functions);
        LogRegistered(logger, functions.Count, handler.Registry.AppId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Registered {Count} in-process function(s) of app {AppId}")]
    private static partial void LogRegistered(ILogger logger, int count, string appId);
}
