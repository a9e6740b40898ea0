using System.Threading.Channels;

namespace Steadfast.Sdk.Execution;

/// <summary>
/// A single-threaded synchronization context for replaying a handler: continuations are queued and run by
/// <see cref="FunctionInvoker"/>'s pump, so "the handler has nothing left to do until a new step resolves" is
/// observable as "the queue is empty" — the .NET equivalent of the JS SDK waiting for the microtask queue to drain.
/// </summary>
internal sealed class ReplaySynchronizationContext : SynchronizationContext
{
    // Unbounded: the handler can only post as many continuations as it has awaits; the pump drains them.
    private readonly Channel<(SendOrPostCallback Callback, object? State)> _queue =
        Channel.CreateUnbounded<(SendOrPostCallback, object?)>(new UnboundedChannelOptions { SingleReader = true });

    public override void Post(SendOrPostCallback d, object? state) => _queue.Writer.TryWrite((d, state));

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("Synchronous Send is not supported while replaying a function.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Wakes the pump without work (a step was found from another thread).</summary>
    public void Wake() => _queue.Writer.TryWrite((static _ => { }, null));

    /// <summary>Runs everything queued; returns true when anything ran.</summary>
    public bool RunPending()
    {
        var ran = false;
        while (_queue.Reader.TryRead(out var item))
        {
            item.Callback(item.State);
            ran = true;
        }

        return ran;
    }

    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _queue.Reader.WaitToReadAsync(cancellationToken);
}
