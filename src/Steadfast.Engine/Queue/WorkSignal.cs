namespace Steadfast.Engine.Queue;

/// <summary>An auto-reset signal the scheduler awaits with a timeout measured by the <see cref="TimeProvider"/>.</summary>
public sealed class WorkSignal : IWorkSignal
{
    private TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public void Signal() => Volatile.Read(ref _tcs).TrySetResult();

    /// <summary>Waits for a signal or the timeout; consumes the signal.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var tcs = Volatile.Read(ref _tcs);
        if (!tcs.Task.IsCompleted && timeout > TimeSpan.Zero)
        {
            try
            {
                await tcs.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Timed out: look at the queue anyway.
            }
        }

        if (tcs.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _tcs, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), tcs);
        }
    }
}
