using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string InsertQueueColumns = "INSERT INTO queue(run_id, kind, step_id, attempt, due_at, dedup_key)";

    /// <inheritdoc />
    public Task<EventCommitResult> CommitEventsAsync(EventCommit commit, long now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return Writer.WriteAsync(w => WriteEvents(w, commit, now), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Adds the statements of an event commit. Each candidate run is one statement: the idempotency key is claimed
    /// (atomically across nodes: a concurrent claim of the same key waits for the first commit) and the run, its
    /// discovery item, history and pauses are inserted only when the claim succeeded.
    /// </summary>
    private static Func<EventCommitResult> WriteEvents(PostgresWrite w, EventCommit commit, long now)
    {
        if (commit.Events.Count > 0)
        {
            var events = commit.Events;
            w.Sql("""
                INSERT INTO events(internal_id, id, name, ts, received_at, json)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[]) ON CONFLICT DO NOTHING
                """,
                events.Select(e => e.InternalId).ToArray(), events.Select(e => e.Id).ToArray(), events.Select(e => e.Name).ToArray(),
                events.Select(e => e.Ts).ToArray(), events.Select(e => e.ReceivedAt).ToArray(), events.Select(e => e.Json).ToArray());
        }

        // Flow control (concurrency keys, throttle, rate limits, debounce, batching, singleton) is decided by the store
        // in the commit and the claim; this backend does not implement it yet. Refuse loudly rather than start runs
        // that silently ignore their limits.
        if (commit.Runs.Any(r => r.Flow is { } f && (f.Drops.Count > 0 || f.Throttle is not null || f.Concurrency.Any(IsExplicitLimit) || f.Singleton is not null
            || f.Pending is not null || f.StartTimeoutAt is not null || f.FinishCheckAt is not null)))
        {
            throw new NotSupportedException("Flow control (concurrency, throttle, rate limit, debounce, batching, singleton) is not supported by the PostgreSQL store yet; use the SQLite store for such functions.");
        }

        var created = new List<string>(commit.Runs.Count);
        foreach (var candidate in commit.Runs)
        {
            var run = candidate.Run;

            // Initial steps (a rerun from a step): write-once per step id, first occurrence wins, stack order kept.
            var initial = candidate.InitialSteps.DistinctBy(s => s.StepId, StringComparer.Ordinal).ToArray();
            var args = new List<object?>
            {
                run.RunId, run.FunctionId, run.EventId, (run.EventIds.Count > 0 ? run.EventIds : [run.EventId]).ToArray(),
                (int)run.Status, run.CreatedAt, run.RequestVersion, $"{run.RunId}:discovery", now, HistoryTypes.RunScheduled,
                initial.Length, candidate.Flow?.StartAt ?? run.CreatedAt,
            };
            var sql = new System.Text.StringBuilder();
            string gate;
            if (candidate.IdempotencyKey is { } key)
            {
                args.Add(key);
                args.Add(candidate.IdempotencyExpiresAt);
                sql.Append("""
                    WITH k AS (INSERT INTO idempotency(key, run_id, expires_at) VALUES($13, $1, $14)
                        ON CONFLICT(key) DO UPDATE SET run_id = excluded.run_id, expires_at = excluded.expires_at
                        WHERE idempotency.expires_at <= $9 RETURNING 1),
                    """);
                gate = "WHERE EXISTS (SELECT 1 FROM k)";
            }
            else
            {
                sql.Append("WITH ");
                gate = "";
            }

            sql.Append($"""
                r AS (INSERT INTO runs(run_id, function_id, event_id, event_ids, status, created_at, request_version, step_count)
                    SELECT $1, $2, $3, $4, $5, $6, $7, $11 {gate} ON CONFLICT DO NOTHING RETURNING run_id),
                q AS ({InsertQueueColumns} SELECT run_id, 0, 'step', 0, $12, $8 FROM r ON CONFLICT(dedup_key) DO NOTHING),
                h AS (INSERT INTO history(run_id, at, type, attempt) SELECT run_id, $9, $10, 0 FROM r)
                """);
            if (initial.Length > 0)
            {
                var b = args.Count;
                args.Add(initial.Select(s => s.StepId).ToArray());
                args.Add(initial.Select(s => s.Json).ToArray());
                sql.Append($"""
                    , i AS (INSERT INTO steps(run_id, step_id, seq, json)
                        SELECT r.run_id, x.s, (x.n - 1)::int, x.j FROM r, unnest(${b + 1}::text[], ${b + 2}::text[]) WITH ORDINALITY AS x(s, j, n))
                    """);
            }

            var n = 0;
            foreach (var p in commit.Pauses)
            {
                if (p.RunId != run.RunId)
                {
                    continue;
                }

                var b = args.Count;
                args.AddRange([p.Id, (int)p.Kind, p.StepId, p.EventName, p.Expression, p.TriggerJson, p.ExpiresAt, p.CreatedAt]);
                sql.Append($"""
                    , p{n++} AS (INSERT INTO pauses(id, run_id, kind, step_id, event_name, expression, trigger_json, expires_at, created_at)
                        SELECT ${b + 1}, run_id, ${b + 2}, ${b + 3}, ${b + 4}, ${b + 5}::text, ${b + 6}::text, ${b + 7}, ${b + 8} FROM r ON CONFLICT DO NOTHING)
                    """);
            }

            sql.Append(" SELECT run_id FROM r");
            w.Rows(sql.ToString(), r =>
            {
                if (r.Read())
                {
                    created.Add(r.GetString(0));
                }
            }, [.. args]);
            w.Notify = true;
        }

        var resumed = new List<string>();
        foreach (var resume in commit.Resumes)
        {
            ResumePause(w, resume, now, resumed);
        }

        return () => new EventCommitResult(created) { ResumedPauseIds = resumed };
    }

    /// <summary>
    /// Every run carries its function's implicit default concurrency key (<c>fn:&lt;id&gt;</c> at the default limit);
    /// that one is not enforced here (runs of a function are bounded by each node's MaxConcurrency instead).
    /// </summary>
    private static bool IsExplicitLimit(ConcurrencyKey key) =>
        !(key.Limit == Steadfast.Engine.FlowControl.FlowControl.DefaultConcurrency && key.Key.StartsWith("fn:", StringComparison.Ordinal) && key.Key.IndexOf(':', 3) < 0);

    /// <summary>Consumes a matched pause if it still exists and resumes its run, in one statement.</summary>
    private static void ResumePause(PostgresWrite w, PauseResume resume, long now, List<string> resumed)
    {
        var p = resume.Pause;
        string sql;
        object?[] args;
        if (p.Kind == PauseKind.Cancel)
        {
            sql = $"""
                WITH d AS (DELETE FROM pauses WHERE id = $1 RETURNING run_id),
                t AS (DELETE FROM queue WHERE dedup_key = $2 AND EXISTS (SELECT 1 FROM d)),
                c AS ({InsertQueueColumns} SELECT $3, 4, 'cancel', 0, $4, $5 FROM d ON CONFLICT(dedup_key) DO NOTHING)
                SELECT 1 FROM d
                """;
            args = [p.Id, p.TimeoutDedupKey, p.RunId, now, $"{p.RunId}:cancel"];
        }
        else
        {
            sql = $"""
                WITH d AS (DELETE FROM pauses WHERE id = $1 RETURNING run_id),
                t AS (DELETE FROM queue WHERE dedup_key = $2 AND EXISTS (SELECT 1 FROM d)),
                l AS (SELECT step_count FROM runs WHERE run_id = $3 AND EXISTS (SELECT 1 FROM d) FOR UPDATE),
                s AS (INSERT INTO steps(run_id, step_id, seq, json) SELECT $3, $6, l.step_count, $7 FROM l ON CONFLICT DO NOTHING RETURNING 1),
                u AS (UPDATE runs SET step_count = step_count + 1 WHERE run_id = $3 AND EXISTS (SELECT 1 FROM s)),
                q AS ({InsertQueueColumns} SELECT $3, 0, 'step', 0, $4, $5 FROM d ON CONFLICT(dedup_key) DO NOTHING),
                h AS (INSERT INTO history(run_id, at, type, step_id, attempt, json) SELECT $3, $4, $8, $6, 0, $9::text FROM d)
                SELECT 1 FROM d
                """;
            args = [p.Id, p.TimeoutDedupKey, p.RunId, now, $"{p.RunId}:discovery", p.StepId, resume.MemoJson ?? "null", HistoryTypes.PauseResumed, resume.MemoJson];
        }

        w.Rows(sql, r =>
        {
            if (r.Read())
            {
                resumed.Add(p.Id);
            }
        }, args);
        w.Notify = true;
    }

    private static void InsertPause(PostgresWrite w, PauseRecord p) =>
        w.Sql("""
            INSERT INTO pauses(id, run_id, kind, step_id, event_name, expression, trigger_json, expires_at, created_at)
            VALUES($1, $2, $3, $4, $5, $6::text, $7::text, $8, $9) ON CONFLICT DO NOTHING
            """, p.Id, p.RunId, (int)p.Kind, p.StepId, p.EventName, p.Expression, p.TriggerJson, p.ExpiresAt, p.CreatedAt);

    private static void InsertItem(PostgresWrite w, string runId, NewQueueItem item, long now)
    {
        if (item.Kind == QueueItemKind.Step)
        {
            w.Sql($"""
                {InsertQueueColumns} SELECT $1, $2, $3, 0, $4, $5::text
                WHERE NOT EXISTS (SELECT 1 FROM steps WHERE run_id = $1 AND step_id = $3)
                ON CONFLICT(dedup_key) DO NOTHING
                """, runId, (int)item.Kind, item.StepId, item.DueAt, item.DedupKey);
        }
        else
        {
            w.Sql($"{InsertQueueColumns} VALUES($1, $2, $3, 0, $4, $5::text) ON CONFLICT(dedup_key) DO NOTHING",
                runId, (int)item.Kind, item.StepId, item.DueAt, item.DedupKey);
        }

        if (item.DueAt <= now)
        {
            w.Notify = true;
        }
    }

    /// <summary>History lines in one statement; identity ids follow the list order, so reads keep it.</summary>
    private static void InsertHistory(PostgresWrite w, List<HistoryEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        w.Sql("""
            INSERT INTO history(run_id, at, type, step_id, step_name, attempt, json)
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[]) WITH ORDINALITY AS h(r, a, t, s, n, at, j, o)
            ORDER BY o
            """.Replace("SELECT *", "SELECT r, a, t, s, n, at, j", StringComparison.Ordinal),
            entries.Select(h => h.RunId).ToArray(), entries.Select(h => h.At).ToArray(), entries.Select(h => h.Type).ToArray(),
            entries.Select(h => h.StepId).ToArray(), entries.Select(h => h.StepName).ToArray(), entries.Select(h => h.Attempt).ToArray(),
            entries.Select(h => h.Json).ToArray());
    }
}
