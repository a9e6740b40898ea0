using System.Text;
using Npgsql;
using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string RunColumns = "run_id, function_id, event_id, event_ids, status, created_at, ended_at, output, request_version, force_step_plan, step_count";

    /// <inheritdoc />
    public async Task<RunState?> LoadRunStateAsync(string runId, CancellationToken cancellationToken = default)
    {
        // One round trip, one snapshot: the run, its events in run order, its steps in stack order.
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
            AddBatch(batch, $"SELECT {RunColumns} FROM runs WHERE run_id = $1", runId);
            AddBatch(batch, "SELECT e.json FROM runs r CROSS JOIN LATERAL unnest(r.event_ids) WITH ORDINALITY AS x(id, n) JOIN events e ON e.internal_id = x.id WHERE r.run_id = $1 ORDER BY x.n", runId);
            AddBatch(batch, "SELECT step_id, json FROM steps WHERE run_id = $1 ORDER BY seq", runId);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            RunRecord? run = null;
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                run = ReadRun(reader);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            var events = new List<string>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(reader.GetString(0));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            var steps = new List<(string, string)>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                steps.Add((reader.GetString(0), reader.GetString(1)));
            }

            return run is null ? null : new RunState(run, events, steps);
        }
    }

    private static void AddBatch(NpgsqlBatch batch, string sql, params object[] args)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        foreach (var arg in args)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        batch.BatchCommands.Add(cmd);
    }

    /// <inheritdoc />
    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        await using var cmd = Read($"SELECT {RunColumns} FROM runs WHERE run_id = $1", runId);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRun(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder($"SELECT {RunColumns} FROM runs WHERE true");
        var args = new List<object?>();
        string Arg(object value)
        {
            args.Add(value);
            return "$" + args.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (query.FunctionId is not null)
        {
            sql.Append(" AND function_id = ").Append(Arg(query.FunctionId));
        }

        if (query.EventId is not null)
        {
            sql.Append(" AND event_id = ").Append(Arg(query.EventId));
        }

        if (query.EventIds is { } eventIds)
        {
            sql.Append(" AND event_id = ANY(").Append(Arg(eventIds.Take(1000).ToArray())).Append(')');
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            sql.Append(" AND status = ANY(").Append(Arg(statuses.Select(s => (int)s).ToArray())).Append(')');
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND created_at >= ").Append(Arg(since));
        }

        if (query.Until is { } until)
        {
            sql.Append(" AND created_at < ").Append(Arg(until));
        }

        if (query.Cursor is not null)
        {
            sql.Append(" AND run_id < ").Append(Arg(query.Cursor));
        }

        sql.Append(" ORDER BY run_id DESC LIMIT ").Append(Arg(Math.Clamp(query.Limit, 1, 1000)));
        await using var cmd = Read(sql.ToString(), [.. args]);
        var runs = new List<RunRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            runs.Add(ReadRun(reader));
        }

        return runs;
    }

    /// <inheritdoc />
    public async Task<StoredEvent?> GetEventAsync(string internalId, CancellationToken cancellationToken = default)
    {
        await using var cmd = Read("SELECT internal_id, id, name, ts, received_at, json FROM events WHERE internal_id = $1", internalId);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEvent(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> ListEventsAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder("SELECT internal_id, id, name, ts, received_at, json FROM events WHERE true");
        var args = new List<object?>();
        string Arg(object value)
        {
            args.Add(value);
            return "$" + args.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (query.Name is not null)
        {
            sql.Append(" AND name = ").Append(Arg(query.Name));
        }
        else if (!query.IncludeInternal)
        {
            sql.Append(" AND name NOT LIKE 'inngest/%'");
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND received_at >= ").Append(Arg(since));
        }

        if (query.Until is { } until)
        {
            sql.Append(" AND received_at < ").Append(Arg(until));
        }

        if (query.Cursor is not null)
        {
            sql.Append(" AND internal_id < ").Append(Arg(query.Cursor));
        }

        sql.Append(" ORDER BY internal_id DESC LIMIT ").Append(Arg(Math.Clamp(query.Limit, 1, 1000)));
        await using var cmd = Read(sql.ToString(), [.. args]);
        var events = new List<StoredEvent>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(ReadEvent(reader));
        }

        return events;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string runId, CancellationToken cancellationToken = default)
    {
        await using var cmd = Read("SELECT run_id, at, type, step_id, step_name, attempt, json FROM history WHERE run_id = $1 ORDER BY id", runId);
        var list = new List<HistoryEntry>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new HistoryEntry
            {
                RunId = reader.GetString(0),
                At = reader.GetInt64(1),
                Type = reader.GetString(2),
                StepId = reader.IsDBNull(3) ? null : reader.GetString(3),
                StepName = reader.IsDBNull(4) ? null : reader.GetString(4),
                Attempt = reader.GetInt32(5),
                Json = reader.IsDBNull(6) ? null : reader.GetString(6),
            });
        }

        return list;
    }

    private static RunRecord ReadRun(NpgsqlDataReader r) => new()
    {
        RunId = r.GetString(0),
        FunctionId = r.GetString(1),
        EventId = r.GetString(2),
        EventIds = r.GetFieldValue<string[]>(3),
        Status = (RunStatus)r.GetInt32(4),
        CreatedAt = r.GetInt64(5),
        EndedAt = r.IsDBNull(6) ? null : r.GetInt64(6),
        Output = r.IsDBNull(7) ? null : r.GetString(7),
        RequestVersion = r.GetInt32(8),
        ForceStepPlan = r.GetBoolean(9),
        StepCount = r.GetInt32(10),
    };

    private static StoredEvent ReadEvent(NpgsqlDataReader r) => new()
    {
        InternalId = r.GetString(0),
        Id = r.GetString(1),
        Name = r.GetString(2),
        Ts = r.GetInt64(3),
        ReceivedAt = r.GetInt64(4),
        Json = r.GetString(5),
    };
}
