using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string RunColumns = "run_id, function_id, event_id, event_ids, status, created_at, ended_at, output, request_version, force_step_plan, step_count";

    /// <inheritdoc />
    public async Task<RunState?> LoadRunStateAsync(string runId, CancellationToken cancellationToken = default)
    {
        var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One snapshot for the run, its events and its steps.
            using var tx = connection.BeginTransaction(deferred: true);
            var run = await ReadRunAsync(connection, runId, cancellationToken).ConfigureAwait(false);
            if (run is null)
            {
                return null;
            }

            var events = new List<string>(run.EventIds.Count);
            foreach (var id in run.EventIds)
            {
                using var cmd = connection.CreateCommand();
                cmd.CommandText = "SELECT json FROM events WHERE internal_id = @i";
                cmd.With("@i", id);
                if (await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json)
                {
                    events.Add(json);
                }
            }

            var steps = new List<(string, string)>(run.StepCount);
            using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "SELECT step_id, json FROM steps WHERE run_id = @r ORDER BY seq";
                cmd.With("@r", runId);
                using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    steps.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            return new RunState(run, events, steps);
        }
    }

    /// <inheritdoc />
    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadRunAsync(connection, runId, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<RunRecord?> ReadRunAsync(SqliteConnection connection, string runId, CancellationToken cancellationToken)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {RunColumns} FROM runs WHERE run_id = @r";
        cmd.With("@r", runId);
        using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRun(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder($"SELECT {RunColumns} FROM runs WHERE 1 = 1");
        var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var cmd = connection.CreateCommand();
            if (query.FunctionId is not null)
            {
                sql.Append(" AND function_id = @f");
                cmd.With("@f", query.FunctionId);
            }

            if (query.EventId is not null)
            {
                sql.Append(" AND event_id = @e");
                cmd.With("@e", query.EventId);
            }

            if (query.EventIds is { } eventIds)
            {
                // Bounded: one parameter per id, at most 1000 (SQLite allows 32766 parameters).
                sql.Append(" AND event_id IN (");
                var count = Math.Min(eventIds.Count, 1000);
                for (var i = 0; i < count; i++)
                {
                    sql.Append(i == 0 ? "@ei" : ", @ei").Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    cmd.With("@ei" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), eventIds[i]);
                }

                sql.Append(count == 0 ? "NULL)" : ")");
            }

            if (query.Statuses is { Count: > 0 } statuses)
            {
                sql.Append(" AND status IN (").AppendJoin(", ", statuses.Select(s => ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture))).Append(')');
            }

            if (query.Since is { } since)
            {
                sql.Append(" AND created_at >= @since");
                cmd.With("@since", since);
            }

            if (query.Until is { } until)
            {
                sql.Append(" AND created_at < @until");
                cmd.With("@until", until);
            }

            if (query.Cursor is not null)
            {
                sql.Append(" AND run_id < @c");
                cmd.With("@c", query.Cursor);
            }

            sql.Append(" ORDER BY run_id DESC LIMIT @n");
            cmd.With("@n", Math.Clamp(query.Limit, 1, 1000));
            cmd.CommandText = sql.ToString();
            var runs = new List<RunRecord>();
            using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                runs.Add(ReadRun(reader));
            }

            return runs;
        }
    }

    /// <inheritdoc />
    public async Task<StoredEvent?> GetEventAsync(string internalId, CancellationToken cancellationToken = default)
    {
        var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT internal_id, id, name, ts, received_at, json FROM events WHERE internal_id = @i";
            cmd.With("@i", internalId);
            using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEvent(reader) : null;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> ListEventsAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder("SELECT internal_id, id, name, ts, received_at, json FROM events WHERE 1 = 1");
        var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var cmd = connection.CreateCommand();
            if (query.Name is not null)
            {
                sql.Append(" AND name = @n");
                cmd.With("@n", query.Name);
            }
            else if (!query.IncludeInternal)
            {
                sql.Append(" AND name NOT LIKE 'inngest/%'");
            }

            if (query.Since is { } since)
            {
                sql.Append(" AND received_at >= @since");
                cmd.With("@since", since);
            }

            if (query.Until is { } until)
            {
                sql.Append(" AND received_at < @until");
                cmd.With("@until", until);
            }

            if (query.Cursor is not null)
            {
                sql.Append(" AND internal_id < @c");
                cmd.With("@c", query.Cursor);
            }

            sql.Append(" ORDER BY internal_id DESC LIMIT @lim");
            cmd.With("@lim", Math.Clamp(query.Limit, 1, 1000));
            cmd.CommandText = sql.ToString();
            var events = new List<StoredEvent>();
            using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(ReadEvent(reader));
            }

            return events;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string runId, CancellationToken cancellationToken = default)
    {
        var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT run_id, at, type, step_id, step_name, attempt, json FROM history WHERE run_id = @r ORDER BY id";
            cmd.With("@r", runId);
            var list = new List<HistoryEntry>();
            using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new HistoryEntry
                {
                    RunId = reader.GetString(0),
                    At = reader.GetInt64(1),
                    Type = reader.GetString(2),
                    StepId = reader.GetNullableString(3),
                    StepName = reader.GetNullableString(4),
                    Attempt = reader.GetInt32(5),
                    Json = reader.GetNullableString(6),
                });
            }

            return list;
        }
    }

    private static RunRecord ReadRun(SqliteDataReader r) => new()
    {
        RunId = r.GetString(0),
        FunctionId = r.GetString(1),
        EventId = r.GetString(2),
        EventIds = JsonSerializer.Deserialize(r.GetString(3), SqliteJsonContext.Default.IReadOnlyListString) ?? [],
        Status = (RunStatus)r.GetInt32(4),
        CreatedAt = r.GetInt64(5),
        EndedAt = r.GetNullableInt64(6),
        Output = r.GetNullableString(7),
        RequestVersion = r.GetInt32(8),
        ForceStepPlan = r.GetInt32(9) != 0,
        StepCount = r.GetInt32(10),
    };

    private static StoredEvent ReadEvent(SqliteDataReader r) => new()
    {
        InternalId = r.GetString(0),
        Id = r.GetString(1),
        Name = r.GetString(2),
        Ts = r.GetInt64(3),
        ReceivedAt = r.GetInt64(4),
        Json = r.GetString(5),
    };
}
