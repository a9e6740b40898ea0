using System.Runtime.CompilerServices;

namespace Steadfast.Sdk.Tests.Support;

/// <summary>
/// An awaitable that always resumes on a thread-pool thread, ignoring any synchronization context — what
/// <c>ConfigureAwait(false)</c> on real I/O does, but deterministic.
/// </summary>
internal readonly struct ThreadPoolHop : ICriticalNotifyCompletion
{
    public ThreadPoolHop GetAwaiter() => this;

    public bool IsCompleted => false;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) => ThreadPool.QueueUserWorkItem(_ => continuation());

    public void UnsafeOnCompleted(Action continuation) => ThreadPool.UnsafeQueueUserWorkItem(_ => continuation(), null);
}
