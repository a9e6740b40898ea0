using System.Text.Json;
using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public Task<EventCommitResult> CommitEventsAsync(EventCommit commit, long now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return Writer.WriteAsync(w => WriteEvents(w, commit, now), cancellationToken);
    }

    private static EventCommitResult WriteEvents(SqliteWriter w, EventCommit commit, long now)
    {
        foreach (var e in commit.Events)
        {
            w.Command("INSERT OR IGNORE INTO events(internal_id, id, name, ts, received_at, json) VALUES(@i, @id, @n, @ts, @r, @j)")
                .With("@i", e.InternalId).With("@id", e.Id).With("@n", e.Name).With("@ts", e.Ts).With("@r", e.ReceivedAt).With("@j", e.Json)
                .ExecuteNonQuery();
        }

        var created = new List<string>(commit.Runs.Count);
        foreach (var candidate in commit.Runs)
        {
            if (candidate.IdempotencyKey is { } key)
            {
                var claimed = w.Command("""
                    INSERT INTO idempotency(key, run_id, expires_at) VALUES(@k, @r, @e)
                    ON CONFLICT(key) DO UPDATE SET run_id = excluded.run_id, expires_at = excluded.expires_at
                    WHERE idempotency.expires_at <= @now
                    """).With("@k", key).With("@r", candidate.Run.RunId).With("@e", candidate.IdempotencyExpiresAt).With("@now", now)
                    .ExecuteNonQuery();
                if (claimed == 0)
                {
                    continue;
                }
            }

            var startAt = candidate.Run.CreatedAt;
            if (candidate.Flow is { } flow && !AdmitFlow(w, candidate, flow, now, out startAt))
            {
                continue;
            }

            InsertRun(w, candidate.Run, candidate.Flow?.Concurrency);
            InsertInitialSteps(w, candidate.Run.RunId, candidate.InitialSteps);
            InsertItem(w, candidate.Run.RunId, new NewQueueItem(QueueItemKind.Discovery, "step", startAt, $"{candidate.Run.RunId}:discovery"));
            if (candidate.Flow is { } admitted)
            {
                InsertFlowItems(w, candidate.Run.RunId, admitted);
            }

            InsertHistory(w, new HistoryEntry { RunId = candidate.Run.RunId, At = now, Type = HistoryTypes.RunScheduled });
            created.Add(candidate.Run.RunId);
        }

        foreach (var pause in commit.Pauses)
        {
            if (created.Contains(pause.RunId))
            {
                InsertPause(w, pause);
            }
        }

        var resumed = new List<string>();
        foreach (var resume in commit.Resumes)
        {
            if (ResumePause(w, resume, now))
            {
                resumed.Add(resume.Pause.Id);
            }
        }

        return new EventCommitResult(created) { ResumedPauseIds = resumed };
    }

    private static void InsertPause(SqliteWriter w, PauseRecord p)
    {
        w.Command("""
            INSERT OR IGNORE INTO pauses(id, run_id, kind, step_id, event_name, expression, trigger_json, expires_at, created_at)
            VALUES(@i, @r, @k, @s, @e, @x, @t, @exp, @c)
            """)
            .With("@i", p.Id).With("@r", p.RunId).With("@k", (int)p.Kind).With("@s", p.StepId).With("@e", p.EventName)
            .With("@x", p.Expression).With("@t", p.TriggerJson).With("@exp", p.ExpiresAt).With("@c", p.CreatedAt)
            .ExecuteNonQuery();
    }

    /// <summary>Consumes a matched pause if it still exists and resumes its run; false when it was already gone.</summary>
    private static bool ResumePause(SqliteWriter w, PauseResume resume, long now)
    {
        var p = resume.Pause;
        if (w.Command("DELETE FROM pauses WHERE id = @i").With("@i", p.Id).ExecuteNonQuery() != 1)
        {
            return false;
        }

        w.Command("DELETE FROM queue WHERE dedup_key = @k").With("@k", p.TimeoutDedupKey).ExecuteNonQuery();
        if (p.Kind == PauseKind.Cancel)
        {
            InsertItem(w, p.RunId, new NewQueueItem(QueueItemKind.Cancel, "cancel", now, $"{p.RunId}:cancel"));
            return true;
        }

        var inserted = w.Command("""
            INSERT OR IGNORE INTO steps(run_id, step_id, seq, json)
            VALUES(@r, @s, (SELECT step_count FROM runs WHERE run_id = @r), @j)
            """).With("@r", p.RunId).With("@s", p.StepId).With("@j", resume.MemoJson ?? "null").ExecuteNonQuery();
        if (inserted == 1)
        {
            w.Command("UPDATE runs SET step_count = step_count + 1 WHERE run_id = @r").With("@r", p.RunId).ExecuteNonQuery();
        }

        InsertItem(w, p.RunId, new NewQueueItem(QueueItemKind.Discovery, "step", now, $"{p.RunId}:discovery"));
        InsertHistory(w, new HistoryEntry { RunId = p.RunId, At = now, Type = HistoryTypes.PauseResumed, StepId = p.StepId, Json = resume.MemoJson });
        return true;
    }

    private static void InsertRun(SqliteWriter w, RunRecord run, IReadOnlyList<ConcurrencyKey>? concurrency = null)
    {
        var c1 = concurrency is { Count: > 0 } ? concurrency[0] : null;
        var c2 = concurrency is { Count: > 1 } ? concurrency[1] : null;
        w.Command("""
            INSERT INTO runs(run_id, function_id, event_id, event_ids, status, created_at, request_version, force_step_plan, step_count, ck1, cl1, ck2, cl2)
            VALUES(@r, @f, @e, @es, @s, @c, @v, 0, 0, @ck1, @cl1, @ck2, @cl2)
            """)
            .With("@ck1", c1?.Key).With("@cl1", c1?.Limit).With("@ck2", c2?.Key).With("@cl2", c2?.Limit)
            .With("@r", run.RunId).With("@f", run.FunctionId).With("@e", run.EventId)
            .With("@es", JsonSerializer.Serialize(run.EventIds.Count > 0 ? run.EventIds : [run.EventId], SqliteJsonContext.Default.IReadOnlyListString))
            .With("@s", (int)run.Status).With("@c", run.CreatedAt).With("@v", run.RequestVersion)
            .ExecuteNonQuery();
    }

    private static void InsertInitialSteps(SqliteWriter w, string runId, IReadOnlyList<(string StepId, string Json)> steps)
    {
        if (steps.Count == 0)
        {
            return;
        }

        var seq = 0;
        foreach (var (stepId, json) in steps)
        {
            seq += w.Command("INSERT OR IGNORE INTO steps(run_id, step_id, seq, json) VALUES(@r, @s, @q, @j)")
                .With("@r", runId).With("@s", stepId).With("@q", seq).With("@j", json)
                .ExecuteNonQuery();
        }

        w.Command("UPDATE runs SET step_count = @n WHERE run_id = @r").With("@n", seq).With("@r", runId).ExecuteNonQuery();
    }

    private static void InsertItem(SqliteWriter w, string runId, NewQueueItem item)
    {
        // Function-call items carry their run's concurrency keys (copied so the claim reads one table); cancellation
        // items carry none and are never held back by a limit.
        var sql = item.Kind switch
        {
            QueueItemKind.Step => """
              INSERT INTO queue(run_id, kind, step_id, attempt, due_at, dedup_key, ck1, cl1, ck2, cl2)
              SELECT @r, @k, @s, 0, @d, @dk, r.ck1, r.cl1, r.ck2, r.cl2 FROM (SELECT 1) LEFT JOIN runs r ON r.run_id = @r
              WHERE NOT EXISTS (SELECT 1 FROM steps WHERE run_id = @r AND step_id = @s)
              ON CONFLICT(dedup_key) DO NOTHING
              """,
            QueueItemKind.Discovery or QueueItemKind.SleepWake or QueueItemKind.PauseTimeout => """
              INSERT INTO queue(run_id, kind, step_id, attempt, due_at, dedup_key, ck1, cl1, ck2, cl2)
              SELECT @r, @k, @s, 0, @d, @dk, r.ck1, r.cl1, r.ck2, r.cl2 FROM (SELECT 1) LEFT JOIN runs r ON r.run_id = @r
              WHERE true
              ON CONFLICT(dedup_key) DO NOTHING
              """,
            _ => """
              INSERT INTO queue(run_id, kind, step_id, attempt, due_at, dedup_key) VALUES(@r, @k, @s, 0, @d, @dk)
              ON CONFLICT(dedup_key) DO NOTHING
              """,
        };
        w.Command(sql).With("@r", runId).With("@k", (int)item.Kind).With("@s", item.StepId).With("@d", item.DueAt).With("@dk", item.DedupKey)
            .ExecuteNonQuery();
    }

    private static void InsertHistory(SqliteWriter w, HistoryEntry h)
    {
        w.Command("INSERT INTO history(run_id, at, type, step_id, step_name, attempt, json) VALUES(@r, @a, @t, @s, @n, @at, @j)")
            .With("@r", h.RunId).With("@a", h.At).With("@t", h.Type).With("@s", h.StepId).With("@n", h.StepName).With("@at", h.Attempt).With("@j", h.Json)
            .ExecuteNonQuery();
    }
}
