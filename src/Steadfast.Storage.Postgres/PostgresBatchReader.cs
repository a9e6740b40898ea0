using System.Threading.Channels;

namespace Steadfast.Storage.Postgres;

/// <summary>
/// Reads by key, coalesced: requests that arrive while a read is in flight are answered together by the next one (one
/// statement over an array of keys), as group commit does for writes. A claim hands a node dozens of items at once and
/// each starts by loading its run: one statement for all of them instead of one per run (measured: the per-run load was
/// the second most expensive statement of a three-step run). Every read starts after its requests arrived, so it sees
/// every commit that preceded them.
/// </summary>
internal sealed class PostgresBatchReader<TResult> : IAsyncDisposable
    where TResult : class
{
    private readonly Func<string[], CancellationToken, Task<Dictionary<string, TResult>>> _read;
    private readonly int _maxBatch;
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = false });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _lanes;
    private long _reads;

    /// <param name="read">Reads the results of a set of distinct keys; a key without a result is absent.</param>
    /// <param name="maxBatch">Most keys per read.</param>
    /// <param name="lanes">Reads in flight at once.</param>
    public PostgresBatchReader(Func<string[], CancellationToken, Task<Dictionary<string, TResult>>> read, int maxBatch, int lanes)
    {
        _read = read;
        _maxBatch = maxBatch;
        _lanes = new Task[lanes];
        for (var i = 0; i < lanes; i++)
        {
            _lanes[i] = Task.Run(LaneAsync);
        }
    }

    /// <summary>Statements run so far (each answers every request of its batch).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>The result for <paramref name="key"/>, or null when there is none.</summary>
    public Task<TResult?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var request = new Request(key);
        if (!_requests.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(nameof(PostgresBatchReader<TResult>));
        }

        return cancellationToken.CanBeCanceled ? request.Result.Task.WaitAsync(cancellationToken) : request.Result.Task;
    }

    private async Task LaneAsync()
    {
        var reader = _requests.Reader;
        var batch = new List<Request>(_maxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            while (keys.Count < _maxBatch && reader.TryRead(out var request))
            {
                batch.Add(request);
                keys.Add(request.Key);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                Interlocked.Increment(ref _reads);
                var results = await _read([.. keys], _stopping.Token).ConfigureAwait(false);
                foreach (var request in batch)
                {
                    request.Result.TrySetResult(results.GetValueOrDefault(request.Key));
                }
            }
            catch (Exception ex)
            {
                foreach (var request in batch)
                {
                    request.Result.TrySetException(ex);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_lanes).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed class Request(string key)
    {
        public string Key { get; } = key;

        public TaskCompletionSource<TResult?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
