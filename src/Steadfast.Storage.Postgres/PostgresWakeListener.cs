using Npgsql;
using Steadfast.Engine;

namespace Steadfast.Storage.Postgres;

/// <summary>
/// Holds one connection in <c>LISTEN</c> and turns every notification (another node, or this one, committed work
/// that is due) into a local <see cref="IWorkSignal"/>. Reconnects after a failure; the scheduler's polling covers
/// the gap, so a lost notification delays work, never loses it.
/// </summary>
internal sealed class PostgresWakeListener(NpgsqlDataSource dataSource, string channel, IWorkSignal signal) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        await _listening.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var connection = await dataSource.OpenConnectionAsync(_stop.Token).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += (_, _) => signal.Signal();
                    using (var cmd = new NpgsqlCommand($"LISTEN {channel}", connection))
                    {
                        await cmd.ExecuteNonQueryAsync(_stop.Token).ConfigureAwait(false);
                    }

                    // Work committed while we were not listening is found by the scheduler's next look.
                    signal.Signal();
                    _listening.TrySetResult();
                    while (!_stop.IsCancellationRequested)
                    {
                        await connection.WaitAsync(_stop.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                _listening.TrySetResult();
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
