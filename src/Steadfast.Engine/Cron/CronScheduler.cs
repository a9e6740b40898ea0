using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steadfast.Engine.Events;
using Steadfast.Engine.Functions;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Events;
using Steadfast.Protocol.Ids;

namespace Steadfast.Engine.Cron;

/// <summary>
/// Fires cron triggers. Each tick is one <c>inngest/scheduled.timer</c> event whose id is the scheduled time (RFC 3339)
/// and one run deduplicated by (function, tick): a tick committed twice — after a crash, or by two nodes — starts one
/// run. Catch-up policy: after downtime, ticks missed within <see cref="EngineOptions.CronCatchUp"/> (default 1 hour,
/// at most 60 per function) are fired at start-up, oldest first, for functions that have run before; older missed ticks are skipped and logged, and a
/// function seen for the first time starts with its next tick.
/// </summary>
public sealed partial class CronScheduler : BackgroundService
{
    private readonly FunctionCatalog _catalog;
    private readonly IEngineStore _store;
    private readonly RunPlanner _planner;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly IWorkSignal _signal;
    private readonly ILogger _logger;
    private readonly EngineNotifications _notifications;
    private readonly Queue.WorkSignal _changed = new();
    private DateTimeOffset _startedAt;

    /// <summary>Creates the scheduler.</summary>
    public CronScheduler(FunctionCatalog catalog, IEngineStore store, RunPlanner planner, EngineOptions options, TimeProvider time, IWorkSignal signal, EngineNotifications notifications, ILogger<CronScheduler> logger)
    {
        _catalog = catalog;
        _store = store;
        _planner = planner;
        _options = options;
        _time = time;
        _signal = signal;
        _notifications = notifications;
        _logger = logger;
        _catalog.Changed += _changed.Signal;
    }

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Taken here, not in ExecuteAsync: .NET runs ExecuteAsync on the thread pool, after StartAsync returned.
        _startedAt = _time.GetUtcNow();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Ticks already handled in this process; the store's idempotency keys are what make them exactly-once.
        var last = new Dictionary<(string Function, string Cron), DateTimeOffset>();
        var startedAt = _startedAt;
        var firstPass = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = _time.GetUtcNow();
                DateTimeOffset? nextWake = null;
                foreach (var function in _catalog.All)
                {
                    foreach (var trigger in function.Triggers)
                    {
                        if (trigger.Cron is null || !CronSchedule.TryParse(trigger.Cron, out var schedule, out _))
                        {
                            continue;
                        }

                        var key = (function.Id, trigger.Cron);
                        if (!last.TryGetValue(key, out var from))
                        {
                            // Catch up only for functions that ran before: a new function starts with the next tick.
                            var newest = await _store.ListRunsAsync(new RunQuery { FunctionId = function.Id, Limit = 1 }, stoppingToken).ConfigureAwait(false);
                            var window = startedAt - _options.CronCatchUp;
                            var firstSeen = firstPass ? startedAt : now;
                            from = newest.Count == 0 ? firstSeen : DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(newest[0].CreatedAt, window.ToUnixTimeMilliseconds()));
                        }

                        var due = new List<DateTimeOffset>();
                        for (var tick = schedule!.Next(from); tick is { } t && t <= now; tick = schedule.Next(t))
                        {
                            due.Add(t);
                        }

                        if (due.Count > 60)
                        {
                            LogSkipped(_logger, due.Count - 60, function.Id, trigger.Cron);
                            due = due[^60..];
                        }

                        foreach (var tick in due)
                        {
                            await FireAsync(function, trigger.Cron, tick, now, stoppingToken).ConfigureAwait(false);
                            last[key] = tick;
                        }

                        if (!last.ContainsKey(key))
                        {
                            last[key] = now;
                        }

                        if (schedule.Next(last[key]) is { } next && (nextWake is null || next < nextWake))
                        {
                            nextWake = next;
                        }
                    }
                }

                firstPass = false;
                var wait = nextWake is { } w ? w - _time.GetUtcNow() : TimeSpan.FromMinutes(1);
                await _changed.WaitAsync(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogError(_logger, ex);
                await _changed.WaitAsync(TimeSpan.FromSeconds(5), _time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task FireAsync(EngineFunction function, string cron, DateTimeOffset tick, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var scheduledAt = tick.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        // Deterministic internal id per (function, tick): a repeated fire stores nothing new.
        var entropy = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(function.Id + "\n" + cron))[..10];
        var internalId = UlidGenerator.Format(tick.ToUnixTimeMilliseconds(), entropy);
        var json = JsonSerializer.Serialize(new ScheduledTimer
        {
            Name = InternalEvents.ScheduledTimer,
            Data = new ScheduledTimerData { Cron = cron, ScheduledAt = scheduledAt, FireAt = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
            Id = scheduledAt,
            Ts = tick.ToUnixTimeMilliseconds(),
        }, CronJsonContext.Default.ScheduledTimer);
        var stored = new StoredEvent { InternalId = internalId, Id = scheduledAt, Name = InternalEvents.ScheduledTimer, Ts = tick.ToUnixTimeMilliseconds(), ReceivedAt = now.ToUnixTimeMilliseconds(), Json = json };
        var commit = new EventCommit();
        commit.Events.Add(stored);
        _planner.AddRun(function, stored, [internalId], $"{function.Id}\ncron\n{scheduledAt}", now.ToUnixTimeMilliseconds(), commit);
        EventCommitResult? result = null;
        try
        {
            result = await _store.CommitEventsAsync(commit, now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _planner.Committed(commit, result);
        }

        if (result.CreatedRunIds.Count > 0)
        {
            _signal.Signal();
        }

        _notifications.PublishEvents([internalId], result.CreatedRunIds);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _catalog.Changed -= _changed.Signal;
        base.Dispose();
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Skipped {Count} missed ticks of {FunctionId} ({Cron}) older than the catch-up window")]
    private static partial void LogSkipped(ILogger logger, int count, string functionId, string cron);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Cron scheduler error")]
    private static partial void LogError(ILogger logger, Exception ex);
}
