using System.Threading.Channels;
using Npgsql;
using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Postgres;

/// <summary>
/// Group commit for PostgreSQL: write requests queue up while commits are in flight; each of a few writer
/// connections takes the waiting requests and sends them as one pipelined batch — <c>BEGIN</c>, every request's
/// statements, <c>COMMIT</c> — so a group costs one round trip and one WAL flush. When a request fails (a guard, a
/// constraint, a deadlock), the transaction is rolled back, that request is settled alone and the rest of the group
/// is sent again, so one failing request never undoes the others.
/// </summary>
internal sealed class PostgresWriter : IAsyncDisposable
{
    private const int MaxDeadlockRetries = 5;

    private readonly NpgsqlDataSource _dataSource;
    private readonly int _maxGroup;
    private readonly string _notifyChannel;

    // Unbounded on purpose, as in the SQLite writer: callers hold the data and await the commit; back-pressure comes
    // from their own concurrency limits (HTTP requests, workers).
    private readonly Channel<WriteRequest> _requests = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _lanes;
    private long _commits;
    private long _writes;

    public PostgresWriter(NpgsqlDataSource dataSource, int maxGroup, int connections, string notifyChannel)
    {
        _dataSource = dataSource;
        _maxGroup = maxGroup;
        _notifyChannel = notifyChannel;
        _lanes = new Task[connections];
        for (var i = 0; i < connections; i++)
        {
            _lanes[i] = Task.Run(LaneAsync);
        }
    }

    public long Commits => Interlocked.Read(ref _commits);

    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>
    /// Queues a write: <paramref name="build"/> adds its statements and returns the function that produces the
    /// result once the group committed. <paramref name="rejected"/> is the result when a guard failed (nothing of
    /// the request is written); without it a failed guard is an error.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<PostgresWrite, Func<T>> build, Func<T>? rejected = null, CancellationToken cancellationToken = default)
    {
        var request = new WriteRequest<T>(build, rejected);
        if (!_requests.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(nameof(PostgresWriter));
        }

        return cancellationToken.CanBeCanceled ? request.Task.WaitAsync(cancellationToken) : request.Task;
    }

    private async Task LaneAsync()
    {
        var reader = _requests.Reader;
        var group = new List<WriteRequest>(_maxGroup);
        NpgsqlConnection? connection = null;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (group.Count < _maxGroup && reader.TryRead(out var r))
                {
                    group.Add(r);
                }

                if (group.Count == 0)
                {
                    continue;
                }

                try
                {
                    connection ??= await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
                    await RunGroupAsync(connection, group).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // The connection or the commit failed: nothing of this group is known to be durable.
                    foreach (var request in group)
                    {
                        request.Fail(ex);
                    }

                    if (connection is not null)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                        connection = null;
                    }
                }

                group.Clear();
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task RunGroupAsync(NpgsqlConnection connection, List<WriteRequest> group)
    {
        var retries = 0;
        var merge = true;
        while (true)
        {
            using var batch = new NpgsqlBatch(connection);
            var owners = new Dictionary<NpgsqlBatchCommand, int>(ReferenceEqualityComparer.Instance);
            var reads = new List<Action<NpgsqlDataReader>>();
            batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
            var notify = false;
            List<string>? lockKeys = null;
            List<HistoryEntry>? history = null;
            List<StoredEvent>? events = null;
            for (var i = 0; i < group.Count; i++)
            {
                var request = group[i];
                if (!request.Build(merge))
                {
                    continue;
                }

                if (request.Write!.History.Count > 0)
                {
                    (history ??= []).AddRange(request.Write.History);
                }

                if (request.Write.Events.Count > 0)
                {
                    (events ??= []).AddRange(request.Write.Events);
                }

                if (request.Write!.LockKeys.Count > 0)
                {
                    (lockKeys ??= []).AddRange(request.Write.LockKeys);
                }

                foreach (var (command, read) in request.Write!.Commands)
                {
                    batch.BatchCommands.Add(command);
                    owners[command] = i;
                    if (read is not null)
                    {
                        reads.Add(read);
                    }
                }

                notify |= request.Write.Notify;
            }

            // Append-only rows of every request in one statement each (they are read by no statement of the group).
            if (events is not null)
            {
                batch.BatchCommands.Add(PostgresStore.InsertEvents(events));
            }

            if (history is not null)
            {
                batch.BatchCommands.Add(PostgresStore.InsertHistory(history));
            }

            if (notify)
            {
                var cmd = new NpgsqlBatchCommand("SELECT pg_notify($1, '')");
                cmd.Parameters.Add(new NpgsqlParameter { Value = _notifyChannel });
                batch.BatchCommands.Add(cmd);
                reads.Add(static _ => { });
            }

            if (lockKeys is not null)
            {
                // Right after BEGIN, holding nothing yet: a group waits for another's keys only before it takes any row
                // lock, so a wait on a key can never close a cycle.
                var cmd = new NpgsqlBatchCommand("SELECT sf_lock($1)");
                cmd.Parameters.Add(new NpgsqlParameter { Value = lockKeys.ToArray() });
                batch.BatchCommands.Insert(1, cmd);
                reads.Insert(0, static _ => { });
            }

            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            try
            {
                var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    foreach (var read in reads)
                    {
                        read(reader);
                        while (await reader.ReadAsync().ConfigureAwait(false))
                        {
                            // Rows a reader left unread.
                        }

                        await reader.NextResultAsync().ConfigureAwait(false);
                    }
                }
            }
            catch (PostgresException ex) when (ex.BatchCommand is { } failed && owners.TryGetValue(failed, out var index))
            {
                // No savepoints (they would double the statements of a group): the whole transaction is rolled back,
                // the failing request is settled alone (a failed guard is a plain "false"), and the others run again
                // in a new transaction. Guards fail rarely (lost leases, raced pauses), so this costs little.
                await RollBackForRetryAsync(connection, group).ConfigureAwait(false);

                var culprit = group[index];
                if (ex.SqlState == PostgresSchema.PreconditionFailed)
                {
                    culprit.Reject(ex);
                }
                else if (ex.SqlState is not (PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure) || ++retries > MaxDeadlockRetries)
                {
                    culprit.Fail(ex);
                }

                continue;
            }
            catch (PostgresException) when (merge && (history is not null || events is not null))
            {
                // A merged statement failed (bad data in one request's rows, or a deadlock): send the group again
                // request by request, so the failing request is found and settled alone as above.
                await RollBackForRetryAsync(connection, group).ConfigureAwait(false);

                merge = false;
                continue;
            }

            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _writes, group.Count);
            foreach (var request in group)
            {
                request.Complete();
            }

            return;
        }
    }

    /// <summary>Rolls the group's transaction back; its requests rebuild their statements for the next round.</summary>
    private static async Task RollBackForRetryAsync(NpgsqlConnection connection, List<WriteRequest> group)
    {
        await using (var rollback = new NpgsqlCommand("ROLLBACK", connection))
        {
            await rollback.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        foreach (var request in group)
        {
            request.Reset();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await Task.WhenAll(_lanes).ConfigureAwait(false);
    }

    internal abstract class WriteRequest
    {
        public PostgresWrite? Write { get; protected set; }

        /// <summary>Settled without being written (rejected by a guard, or failed).</summary>
        public bool Settled { get; protected set; }

        /// <summary>Builds the statements (<paramref name="merge"/>: see <see cref="PostgresWrite.Merge"/>); false when the request is settled (build threw, rejected, failed).</summary>
        public abstract bool Build(bool merge);

        public abstract void Reset();

        public abstract void Reject(PostgresException ex);

        public abstract void Complete();

        public abstract void Fail(Exception ex);
    }

    private sealed class WriteRequest<T>(Func<PostgresWrite, Func<T>> build, Func<T>? rejected) : WriteRequest
    {
        private readonly TaskCompletionSource<T> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Func<T>? _result;
        private Exception? _error;

        public Task<T> Task => _tcs.Task;

        public override bool Build(bool merge)
        {
            if (Settled || _error is not null)
            {
                return false;
            }

            if (Write is not null)
            {
                return true;
            }

            try
            {
                Write = new PostgresWrite { Merge = merge };
                _result = build(Write);
                return true;
            }
            catch (Exception ex)
            {
                _error = ex;
                Write = null;
                return false;
            }
        }

        public override void Reset()
        {
            if (Settled)
            {
                return;
            }

            // Statements are rebuilt (parameters and readers start afresh) for the next round.
            Write = null;
            _result = null;
        }

        public override void Reject(PostgresException ex)
        {
            if (rejected is null)
            {
                _error = ex;
            }
            else
            {
                _result = rejected;
            }

            Write = null;
            Settled = true;
        }

        public override void Complete()
        {
            if (_error is not null)
            {
                _tcs.TrySetException(_error);
            }
            else if (_result is not null)
            {
                try
                {
                    _tcs.TrySetResult(_result());
                }
                catch (Exception ex)
                {
                    _tcs.TrySetException(ex);
                }
            }
            else
            {
                _tcs.TrySetException(new InvalidOperationException("The write was not executed."));
            }
        }

        public override void Fail(Exception ex)
        {
            _error ??= ex;
            Write = null;
            Settled = true;
            _tcs.TrySetException(ex);
        }
    }
}
