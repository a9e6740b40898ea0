using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steadfast.Engine.Storage;

namespace Steadfast.Engine.Retention;

/// <summary>
/// Deletes history older than <see cref="RetentionOptions.Retention"/> every <see cref="RetentionOptions.Interval"/>,
/// in small batches with a pause between them, so the hot path (claims, transitions) never waits long behind it.
/// Several nodes sharing a database may all run it: each batch is independent.
/// </summary>
public sealed partial class HistoryRetentionService(IEngineStore store, RetentionOptions options, TimeProvider time, ILogger<HistoryRetentionService> logger) : BackgroundService
{
    /// <summary>One retention pass: batches until nothing older is left. Returns the totals.</summary>
    public async Task<PurgeResult> PurgeOnceAsync(CancellationToken cancellationToken = default)
    {
        if (options.Retention is not { } retention)
        {
            return new PurgeResult(0, 0);
        }

        var before = time.GetUtcNow().Subtract(retention).ToUnixTimeMilliseconds();
        int runs = 0, events = 0;
        while (true)
        {
            var r = await store.PurgeHistoryAsync(before, options.BatchSize, cancellationToken).ConfigureAwait(false);
            runs += r.Runs;
            events += r.Events;
            if (r.Runs < options.BatchSize && r.Events < options.BatchSize)
            {
                return new PurgeResult(runs, events);
            }

            await Task.Delay(options.BatchPause, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Retention is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await PurgeOnceAsync(stoppingToken).ConfigureAwait(false);
                if (result.Runs + result.Events > 0)
                {
                    LogPurged(logger, result.Runs, result.Events);
                }

                await Task.Delay(options.Interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPurgeFailed(logger, ex);
                await Task.Delay(options.Interval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Retention removed {Runs} ended runs and {Events} events")]
    private static partial void LogPurged(ILogger logger, int runs, int events);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Retention pass failed; retrying next interval")]
    private static partial void LogPurgeFailed(ILogger logger, Exception ex);
}
