using System.Text.Json;
using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// Decides a candidate's flow control inside the commit (see <see cref="RunFlow"/> for the order). False when the run
    /// is not created: dropped by a limit or a singleton, or joined to an open debounce/batch run.
    /// </summary>
    private static bool AdmitFlow(SqliteWriter w, NewRun candidate, RunFlow flow, long now, out long startAt)
    {
        startAt = flow.StartAt != 0 ? flow.StartAt : candidate.Run.CreatedAt;
        if (flow.Drops.Count > 0)
        {
            // All limits must conform before any is charged: a run dropped by the second does not use the first.
            var tats = new long[flow.Drops.Count];
            for (var i = 0; i < flow.Drops.Count; i++)
            {
                var d = flow.Drops[i];
                var (interval, tolerance) = Gcra(d);
                var tat = ReadTat(w, d.Key) ?? now;
                if (now < tat - tolerance)
                {
                    return false;
                }

                tats[i] = Math.Max(now, tat) + interval;
            }

            for (var i = 0; i < flow.Drops.Count; i++)
            {
                WriteTat(w, flow.Drops[i].Key, tats[i]);
            }
        }

        if (flow.Pending is { } pending && JoinPending(w, pending, candidate.Run, now))
        {
            return false;
        }

        if (flow.Singleton is { } singleton)
        {
            var active = w.Command("""
                SELECT s.run_id FROM singletons s JOIN runs r ON r.run_id = s.run_id WHERE s.key = @k AND r.status < 2
                """).With("@k", singleton.Key).ExecuteScalar() as string;
            if (active is not null)
            {
                if (!singleton.Cancel)
                {
                    return false;
                }

                InsertItem(w, active, new NewQueueItem(QueueItemKind.FlowCancel, "singleton", now, $"{active}:singleton"));
            }

            w.Command("INSERT INTO singletons(key, run_id) VALUES(@k, @r) ON CONFLICT(key) DO UPDATE SET run_id = excluded.run_id")
                .With("@k", singleton.Key).With("@r", candidate.Run.RunId).ExecuteNonQuery();
        }

        if (flow.Throttle is { } throttle)
        {
            var (interval, tolerance) = Gcra(throttle);
            var arrival = Math.Max(now, startAt);
            var tat = ReadTat(w, throttle.Key) ?? arrival;
            var start = Math.Max(arrival, tat - tolerance);
            if (start > arrival)
            {
                startAt = start;
            }

            WriteTat(w, throttle.Key, Math.Max(start, tat) + interval);
        }

        if (flow.Pending is { } open && (!open.Debounce ? open.MaxSize > 1 : true))
        {
            w.Command("""
                INSERT INTO pending_runs(key, run_id, first_at, size) VALUES(@k, @r, @f, 1)
                ON CONFLICT(key) DO UPDATE SET run_id = excluded.run_id, first_at = excluded.first_at, size = 1
                """).With("@k", open.Key).With("@r", candidate.Run.RunId).With("@f", now).ExecuteNonQuery();
        }

        return true;
    }

    /// <summary>Adds the event to the key's open pending run when it can still take events; false when there is none.</summary>
    private static bool JoinPending(SqliteWriter w, PendingRule rule, RunRecord run, long now)
    {
        string runId;
        long firstAt;
        int size;
        using (var r = w.Command("""
            SELECT p.run_id, p.first_at, p.size FROM pending_runs p JOIN runs r ON r.run_id = p.run_id
            WHERE p.key = @k AND r.status = 0
            AND EXISTS (SELECT 1 FROM queue q WHERE q.run_id = p.run_id AND q.kind = 0 AND q.owner IS NULL)
            """).With("@k", rule.Key).ExecuteReader())
        {
            if (!r.Read())
            {
                return false;
            }

            runId = r.GetString(0);
            firstAt = r.GetInt64(1);
            size = r.GetInt32(2);
        }

        if (rule.Debounce)
        {
            // Last event wins; the start moves with every event, capped by the timeout from the first one.
            var due = now + rule.DelayMs;
            if (rule.MaxDelayMs is { } max)
            {
                due = Math.Min(due, firstAt + max);
            }

            w.Command("UPDATE runs SET event_id = @e, event_ids = @es WHERE run_id = @r")
                .With("@r", runId).With("@e", run.EventId)
                .With("@es", JsonSerializer.Serialize<IReadOnlyList<string>>([run.EventId], SqliteJsonContext.Default.IReadOnlyListString))
                .ExecuteNonQuery();
            w.Command("UPDATE queue SET due_at = @d WHERE run_id = @r AND kind = 0 AND owner IS NULL").With("@r", runId).With("@d", due).ExecuteNonQuery();
            w.Command("UPDATE pending_runs SET size = size + 1 WHERE key = @k").With("@k", rule.Key).ExecuteNonQuery();
            return true;
        }

        var json = (string)w.Command("SELECT event_ids FROM runs WHERE run_id = @r").With("@r", runId).ExecuteScalar()!;
        var ids = new List<string>(JsonSerializer.Deserialize(json, SqliteJsonContext.Default.IReadOnlyListString) ?? []) { run.EventId };
        w.Command("UPDATE runs SET event_ids = @es WHERE run_id = @r")
            .With("@r", runId).With("@es", JsonSerializer.Serialize<IReadOnlyList<string>>(ids, SqliteJsonContext.Default.IReadOnlyListString))
            .ExecuteNonQuery();
        if (size + 1 >= rule.MaxSize)
        {
            // Full: the batch closes and runs now.
            w.Command("UPDATE queue SET due_at = MIN(due_at, @n) WHERE run_id = @r AND kind = 0 AND owner IS NULL").With("@r", runId).With("@n", now).ExecuteNonQuery();
            w.Command("DELETE FROM pending_runs WHERE key = @k").With("@k", rule.Key).ExecuteNonQuery();
        }
        else
        {
            w.Command("UPDATE pending_runs SET size = size + 1 WHERE key = @k").With("@k", rule.Key).ExecuteNonQuery();
        }

        return true;
    }

    private static void InsertFlowItems(SqliteWriter w, string runId, RunFlow flow)
    {
        if (flow.StartTimeoutAt is { } start)
        {
            InsertItem(w, runId, new NewQueueItem(QueueItemKind.FlowCancel, "start", start, $"{runId}:start"));
        }

        if (flow.FinishCheckAt is { } finish)
        {
            InsertItem(w, runId, new NewQueueItem(QueueItemKind.FlowCancel, "finish", finish, $"{runId}:finish"));
        }
    }

    private static (long Interval, long Tolerance) Gcra(GcraLimit limit)
    {
        var interval = Math.Max(1, limit.PeriodMs / Math.Max(1, limit.Limit));
        return (interval, limit.PeriodMs - interval + (limit.Burst * interval));
    }

    private static long? ReadTat(SqliteWriter w, string key) =>
        w.Command("SELECT tat FROM flow_limits WHERE key = @k").With("@k", key).ExecuteScalar() is long tat ? tat : null;

    private static void WriteTat(SqliteWriter w, string key, long tat) =>
        w.Command("INSERT INTO flow_limits(key, tat) VALUES(@k, @t) ON CONFLICT(key) DO UPDATE SET tat = excluded.tat")
            .With("@k", key).With("@t", tat).ExecuteNonQuery();
}
