using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Steadfast.Server.AspNetCore.Sync;

/// <summary>
/// With several servers on one PostgreSQL database, an app is synced through one of them (its <c>PUT</c>, an SDK's
/// <c>POST /fn/register</c>, the dashboard) but its events may arrive at any: every node re-reads the stored apps
/// every <see cref="Interval"/> and activates those another node synced or changed. Not started on SQLite, where
/// one server owns the database.
/// </summary>
internal sealed partial class SharedAppRefresher(AppRegistry registry, SteadfastServerOptions options, TimeProvider time, ILogger<SharedAppRefresher> logger) : BackgroundService
{
    /// <summary>How long an app synced through another node may take to run here.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.PostgresConnectionString is not { Length: > 0 })
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                if (await registry.RefreshAsync(stoppingToken).ConfigureAwait(false) is > 0 and var count)
                {
                    LogRefreshed(logger, count);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRefreshFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 3030, Level = LogLevel.Information, Message = "Activated {Count} app(s) synced through another node")]
    private static partial void LogRefreshed(ILogger logger, int count);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Warning, Message = "Could not re-read the apps of the shared database")]
    private static partial void LogRefreshFailed(ILogger logger, Exception ex);
}
