using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Steadfast.Storage.Sqlite;

/// <summary>
/// The single writer with group commit: write requests queue up while a commit is in flight and the next
/// transaction applies them all (each in its own savepoint, so one failing request does not undo the others),
/// then one fsync makes the whole group durable. SQLite allows one writer at a time anyway; grouping turns
/// the fsync rate into the batch rate instead of the transaction rate.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly int _maxGroup;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    // Unbounded on purpose: callers already hold the data in memory and await the commit; bounding here would only
    // move the wait. Back-pressure comes from the callers' own concurrency limits (HTTP requests, workers).
    private readonly Channel<IWriteRequest> _requests = Channel.CreateUnbounded<IWriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _thread;

    public SqliteWriter(SqliteConnection connection, int maxGroup)
    {
        _connection = connection;
        _maxGroup = maxGroup;
        _thread = new Thread(Loop) { IsBackground = true, Name = "steadfast-sqlite-writer" };
        _thread.Start();
    }

    public long Commits { get; private set; }

    public long Writes { get; private set; }

    public Task<T> WriteAsync<T>(Func<SqliteWriter, T> work, CancellationToken cancellationToken = default)
    {
        var request = new WriteRequest<T>(work);
        if (!_requests.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(nameof(SqliteWriter));
        }

        return cancellationToken.CanBeCanceled ? request.Task.WaitAsync(cancellationToken) : request.Task;
    }

    /// <summary>
    /// A cached command for <paramref name="sql"/>. Its parameter objects are kept between uses and only their values
    /// are replaced (<see cref="SqliteCommandExtensions.With"/>): every call site sets every parameter of its SQL text.
    /// </summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var cmd))
        {
            cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            _commands[sql] = cmd;
        }

        return cmd;
    }

    public SqliteConnection Connection => _connection;

    private void Loop()
    {
        var batch = new List<IWriteRequest>(_maxGroup);
        var reader = _requests.Reader;
        while (true)
        {
            try
            {
                if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    return;
                }
            }
            catch (ChannelClosedException)
            {
                return;
            }

            while (batch.Count < _maxGroup && reader.TryRead(out var r))
            {
                batch.Add(r);
            }

            RunGroup(batch);
            batch.Clear();
        }
    }

    private void RunGroup(List<IWriteRequest> batch)
    {
        try
        {
            Exec("BEGIN IMMEDIATE");
            if (batch.Count == 1)
            {
                // Alone in its group: no savepoint needed, a failure rolls the whole transaction back.
                try
                {
                    batch[0].Run(this);
                }
                catch (Exception ex)
                {
                    Exec("ROLLBACK");
                    batch[0].Fail(ex);
                    return;
                }
            }
            else
            {
                foreach (var request in batch)
                {
                    Exec("SAVEPOINT w");
                    try
                    {
                        request.Run(this);
                        Exec("RELEASE w");
                    }
                    catch (Exception ex)
                    {
                        Exec("ROLLBACK TO w");
                        Exec("RELEASE w");
                        request.Fail(ex);
                    }
                }
            }

            Exec("COMMIT");
            Commits++;
            Writes += batch.Count;
            foreach (var request in batch)
            {
                request.Complete();
            }
        }
        catch (Exception ex)
        {
            // The commit itself failed (disk full, I/O error): nothing in this group is durable.
            try
            {
                Exec("ROLLBACK");
            }
            catch (SqliteException)
            {
                // No transaction left to roll back.
            }

            foreach (var request in batch)
            {
                request.Fail(ex);
            }
        }
    }

    private void Exec(string sql) => Command(sql).ExecuteNonQuery();

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await Task.Run(() => _thread.Join()).ConfigureAwait(false);
        foreach (var cmd in _commands.Values)
        {
            cmd.Dispose();
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private interface IWriteRequest
    {
        void Run(SqliteWriter writer);

        void Complete();

        void Fail(Exception ex);
    }

    private sealed class WriteRequest<T>(Func<SqliteWriter, T> work) : IWriteRequest
    {
        private readonly TaskCompletionSource<T> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private bool _failed;

        public Task<T> Task => _tcs.Task;

        public void Run(SqliteWriter writer) => _result = work(writer);

        public void Complete()
        {
            if (!_failed)
            {
                _tcs.TrySetResult(_result!);
            }
        }

        public void Fail(Exception ex)
        {
            _failed = true;
            _tcs.TrySetException(ex);
        }
    }
}
