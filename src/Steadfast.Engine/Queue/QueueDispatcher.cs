using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steadfast.Engine.Runs;
using Steadfast.Engine.Storage;

namespace Steadfast.Engine.Queue;

/// <summary>
/// The scheduler loop: claims due items up to the concurrency limit, runs them on the executor, keeps their leases
/// alive with heartbeats, and sleeps until the next due time or a signal. Polling is only the safety net.
/// </summary>
public sealed partial class QueueDispatcher : BackgroundService
{
    private readonly IEngineStore _store;
    private readonly RunExecutor _executor;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly WorkSignal _signal;
    private readonly ILogger _logger;
    private readonly Pauses.PauseIndex _pauses;
    private readonly ConcurrentDictionary<long, byte> _active = new();
    private readonly string _owner = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private int _running;

    /// <summary>Fewest free slots worth a claim while saturated (see <see cref="ClaimCoalescing"/>).</summary>
    private int ClaimBatch => Math.Max(1, _options.MaxConcurrency / 8);

    /// <summary>Longest a saturated dispatcher waits for <see cref="ClaimBatch"/> free slots before it claims fewer.</summary>
    private static readonly TimeSpan ClaimCoalescing = TimeSpan.FromMilliseconds(50);

    /// <summary>Creates the dispatcher.</summary>
    public QueueDispatcher(IEngineStore store, RunExecutor executor, EngineOptions options, TimeProvider time, WorkSignal signal, Pauses.PauseIndex pauses, ILogger<QueueDispatcher> logger)
    {
        _pauses = pauses;
        _store = store;
        _executor = executor;
        _options = options;
        _time = time;
        _signal = signal;
        _logger = logger;
    }

    /// <summary>The lease owner name of this process.</summary>
    public string Owner => _owner;

    /// <summary>Items currently executing.</summary>
    public int Active => Volatile.Read(ref _running);

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Pending waits and cancellations of a previous process are matched from the first event on.
        await _pauses.LoadAsync(_store, cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var heartbeat = HeartbeatAsync(stoppingToken);
        var retried = false;
        var lastFullClaim = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var running = Volatile.Read(ref _running);
                var free = _options.MaxConcurrency - running;
                var claimed = 0;
                if (free > 0 && free < ClaimBatch && running > 0 && _time.GetUtcNow() - lastFullClaim is { } since && since < ClaimCoalescing)
                {
                    // Saturated: right after a claim that filled every slot, wait a moment for more slots to free up
                    // rather than claim them one or two at a time — a claim costs the same for 1 item as for 30.
                    await _signal.WaitAsync(ClaimCoalescing - since, _time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                if (free > 0)
                {
                    var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                    var items = await _store.ClaimAsync(_owner, now, now + (long)_options.LeaseDuration.TotalMilliseconds, Math.Min(free, 512), stoppingToken).ConfigureAwait(false);
                    claimed = items.Count;
                    foreach (var item in items)
                    {
                        Interlocked.Increment(ref _running);
                        _active[item.Id] = 0;
                        _ = Task.Run(() => RunItemAsync(item, stoppingToken), CancellationToken.None);
                    }

                    if (claimed == Math.Min(free, 512))
                    {
                        lastFullClaim = _time.GetUtcNow();
                        continue;
                    }
                }

                var wait = _options.PollInterval;
                if (free > 0 && claimed == 0)
                {
                    var next = await _store.NextDueAtAsync(stoppingToken).ConfigureAwait(false);
                    if (next is { } due)
                    {
                        // Due items that could not be claimed are held back (a concurrency limit, a run's discovery
                        // in flight): a completion signals, so wait for it rather than spin on them.
                        var untilDue = TimeSpan.FromMilliseconds(due - _time.GetUtcNow().ToUnixTimeMilliseconds());
                        // One immediate retry covers an item that became due between the claim and this read.
                        if (untilDue <= TimeSpan.Zero && !retried)
                        {
                            retried = true;
                            continue;
                        }

                        wait = untilDue <= TimeSpan.Zero ? _options.PollInterval : untilDue < wait ? untilDue : wait;
                    }
                }

                retried = false;
                if (wait > TimeSpan.Zero)
                {
                    await _signal.WaitAsync(wait, _time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogLoopError(_logger, ex);
                await _signal.WaitAsync(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
        }

        await heartbeat.ConfigureAwait(false);
    }

    private async Task RunItemAsync(QueueItem item, CancellationToken stoppingToken)
    {
        try
        {
            if (item.Kind == QueueItemKind.FlowCancel)
            {
                await _executor.ProcessFlowCancelAsync(item, _owner, stoppingToken).ConfigureAwait(false);
            }
            else
            {
                await _executor.ProcessAsync(item, _owner, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the lease expires and the item runs again.
        }
        catch (Exception ex)
        {
            LogItemError(_logger, ex, item.RunId, item.Id);
        }
        finally
        {
            _active.TryRemove(item.Id, out _);
            Interlocked.Decrement(ref _running);
            _signal.Signal();
        }
    }

    private async Task HeartbeatAsync(CancellationToken stoppingToken)
    {
        var period = _options.LeaseDuration / 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, _time, stoppingToken).ConfigureAwait(false);
                if (_active.IsEmpty)
                {
                    continue;
                }

                var ids = _active.Keys.ToArray();
                var until = _time.GetUtcNow().Add(_options.LeaseDuration).ToUnixTimeMilliseconds();
                var held = await _store.ExtendLeasesAsync(_owner, ids, until, stoppingToken).ConfigureAwait(false);
                if (held.Count < ids.Length)
                {
                    LogLeasesLost(_logger, ids.Length - held.Count);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogLoopError(_logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Scheduler loop error")]
    private static partial void LogLoopError(ILogger logger, Exception ex);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Run {RunId}: item {ItemId} failed in the executor")]
    private static partial void LogItemError(ILogger logger, Exception ex, string runId, long itemId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "{Count} leases were lost (items finished or taken over)")]
    private static partial void LogLeasesLost(ILogger logger, int count);
}
