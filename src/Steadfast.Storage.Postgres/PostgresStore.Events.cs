using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string InsertQueueColumns = "INSERT INTO queue(run_id, kind, step_id, attempt, due_at, dedup_key)";

    /// <summary>Function-call items carry their run's concurrency keys; cancellation items carry none and are never held back.</summary>
    private const string InsertKeyedQueueColumns = "INSERT INTO queue(run_id, kind, step_id, attempt, due_at, dedup_key, ck1, cl1, ck2, cl2)";

    /// <inheritdoc />
    public Task<EventCommitResult> CommitEventsAsync(EventCommit commit, long now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return Writer.WriteAsync(w => WriteEvents(w, commit, now), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Adds the statements of an event commit. Each candidate run is one statement: the idempotency key is claimed
    /// (atomically across nodes: a concurrent claim of the same key waits for the first commit) and the run, its
    /// discovery item, history and pauses are inserted only when the claim succeeded. A candidate with flow control is
    /// decided by <c>sf_admit</c> in the same statement instead (its flow keys locked for the group, see
    /// <see cref="PostgresWrite.LockKeys"/>); its items carry its concurrency keys for the claim.
    /// </summary>
    private static Func<EventCommitResult> WriteEvents(PostgresWrite w, EventCommit commit, long now)
    {
        w.InsertEvents(commit.Events);
        var created = new List<string>(commit.Runs.Count);
        foreach (var candidate in commit.Runs)
        {
            var run = candidate.Run;
            var flow = candidate.Flow;

            // Initial steps (a rerun from a step): write-once per step id, first occurrence wins, stack order kept.
            var initial = candidate.InitialSteps.DistinctBy(s => s.StepId, StringComparer.Ordinal).ToArray();
            var c1 = flow?.Concurrency is { Count: > 0 } k1 ? k1[0] : null;
            var c2 = flow?.Concurrency is { Count: > 1 } k2 ? k2[1] : null;
            var args = new List<object?>
            {
                run.RunId, run.FunctionId, run.EventId, (run.EventIds.Count > 0 ? run.EventIds : [run.EventId]).ToArray(),
                (int)run.Status, run.CreatedAt, run.RequestVersion, $"{run.RunId}:discovery", now, HistoryTypes.RunScheduled,
                initial.Length, flow is { StartAt: not 0 } f0 ? f0.StartAt : run.CreatedAt, c1?.Key, c1?.Limit, c2?.Key, c2?.Limit,
            };
            string Arg(object? value)
            {
                args.Add(value);
                return "$" + args.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var sql = new System.Text.StringBuilder("WITH ");
            string gate;
            string due;
            // Concurrency keys are decided in the claim, not here: a run whose only flow control is concurrency (every
            // function has the default key) needs no admission decision, and skips sf_admit's call and lock round
            // (about a sixth of PostgreSQL's statement time per run in the three-step benchmark).
            if (flow is { } f && (f.Drops.Count > 0 || f.Throttle is not null || f.Singleton is not null || f.Pending is not null))
            {
                // The store decides the run's flow control in sf_admit (idempotency included, in SQLite's order) under
                // the advisory locks of its flow keys; the run is created when it returns a start time.
                sql.Append(Admit(flow, candidate, Arg)).Append(", ");
                gate = "FROM a WHERE a.s IS NOT NULL";
                due = "(SELECT s FROM a)";
                w.LockKeys.AddRange(FlowKeys(flow));
            }
            else if (candidate.IdempotencyKey is { } key)
            {
                sql.Append($"""
                    k AS (INSERT INTO idempotency(key, run_id, expires_at) VALUES({Arg(key)}, $1, {Arg(candidate.IdempotencyExpiresAt)})
                        ON CONFLICT(key) DO UPDATE SET run_id = excluded.run_id, expires_at = excluded.expires_at
                        WHERE idempotency.expires_at <= $9 RETURNING 1),
                    """);
                gate = "WHERE EXISTS (SELECT 1 FROM k)";
                due = "$12";
            }
            else
            {
                gate = "";
                due = "$12";
            }

            sql.Append($"""
                r AS (INSERT INTO runs(run_id, function_id, event_id, event_ids, status, created_at, request_version, step_count, ck1, cl1, ck2, cl2)
                    SELECT $1, $2, $3, $4, $5, $6, $7, $11, $13::text, $14::int, $15::text, $16::int {gate} ON CONFLICT DO NOTHING RETURNING run_id),
                q AS ({InsertKeyedQueueColumns}
                    SELECT run_id, 0, 'step', 0, {due}, $8, $13::text, $14::int, $15::text, $16::int FROM r ON CONFLICT(dedup_key) DO NOTHING),
                h AS (INSERT INTO history(run_id, at, type, attempt) SELECT run_id, $9, $10, 0 FROM r)
                """);
            if (flow?.StartTimeoutAt is { } startTimeout)
            {
                sql.Append($", ts AS ({InsertQueueColumns} SELECT run_id, 5, 'start', 0, {Arg(startTimeout)}::bigint, run_id || ':start' FROM r ON CONFLICT(dedup_key) DO NOTHING)");
            }

            if (flow?.FinishCheckAt is { } finishCheck)
            {
                sql.Append($", tf AS ({InsertQueueColumns} SELECT run_id, 5, 'finish', 0, {Arg(finishCheck)}::bigint, run_id || ':finish' FROM r ON CONFLICT(dedup_key) DO NOTHING)");
            }

            if (initial.Length > 0)
            {
                var steps = Arg(initial.Select(s => s.StepId).ToArray());
                var memos = Arg(initial.Select(s => s.Json).ToArray());
                sql.Append($"""
                    , i AS (INSERT INTO steps(run_id, step_id, seq, json)
                        SELECT r.run_id, x.s, (x.n - 1)::int, x.j FROM r, unnest({steps}::text[], {memos}::text[]) WITH ORDINALITY AS x(s, j, n))
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

    /// <summary>The CTE <c>a(s)</c>: <c>sf_admit</c>'s decision for one candidate (null: no run; else its discovery due time).</summary>
    private static string Admit(RunFlow flow, NewRun candidate, Func<object?, string> arg)
    {
        var drops = flow.Drops;
        var throttle = flow.Throttle is { } t ? Gcra(t) : default;
        var pending = flow.Pending;
        return $"""
            a AS (SELECT sf_admit($1, $9, {arg(flow.StartAt != 0 ? flow.StartAt : candidate.Run.CreatedAt)}::bigint, $3,
                {arg(candidate.IdempotencyKey)}::text, {arg(candidate.IdempotencyExpiresAt)}::bigint,
                {arg(drops.Select(d => d.Key).ToArray())}::text[], {arg(drops.Select(d => Gcra(d).Interval).ToArray())}::bigint[],
                {arg(drops.Select(d => Gcra(d).Tolerance).ToArray())}::bigint[],
                {arg(flow.Throttle?.Key)}::text, {arg(throttle.Interval)}::bigint, {arg(throttle.Tolerance)}::bigint,
                {arg(flow.Singleton?.Key)}::text, {arg(flow.Singleton?.Cancel ?? false)}::boolean,
                {arg(pending?.Key)}::text, {arg(pending?.Debounce ?? false)}::boolean, {arg(pending?.DelayMs ?? 0)}::bigint,
                {arg(pending?.MaxDelayMs)}::bigint, {arg(pending?.MaxSize ?? 1)}::int) AS s)
            """;
    }

    /// <summary>The flow keys a candidate decides on (locked by the writer for the whole group, in one global order).</summary>
    private static IEnumerable<string> FlowKeys(RunFlow flow)
    {
        foreach (var d in flow.Drops)
        {
            yield return "f:" + d.Key;
        }

        foreach (var key in new[] { flow.Throttle?.Key, flow.Singleton?.Key, flow.Pending?.Key })
        {
            if (key is not null)
            {
                yield return "f:" + key;
            }
        }
    }

    /// <summary>GCRA emission interval T = period / limit and tolerance τ = period − T + burst·T (see <see cref="GcraLimit"/>).</summary>
    private static (long Interval, long Tolerance) Gcra(GcraLimit limit)
    {
        var interval = Math.Max(1, limit.PeriodMs / Math.Max(1, limit.Limit));
        return (interval, limit.PeriodMs - interval + (limit.Burst * interval));
    }

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
                q AS ({InsertKeyedQueueColumns} SELECT $3, 0, 'step', 0, $4, $5, k.ck1, k.cl1, k.ck2, k.cl2
                    FROM d LEFT JOIN runs k ON k.run_id = $3 ON CONFLICT(dedup_key) DO NOTHING),
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
        // Function-call items copy their run's concurrency keys (the claim reads one table); a missing run gives none.
        const string Keyed = $"{InsertKeyedQueueColumns} SELECT $1, $2, $3, 0, $4, $5::text, r.ck1, r.cl1, r.ck2, r.cl2 FROM (SELECT 1) x LEFT JOIN runs r ON r.run_id = $1";
        switch (item.Kind)
        {
            case QueueItemKind.Step:
                w.Sql($"""
                    {Keyed}
                    WHERE NOT EXISTS (SELECT 1 FROM steps WHERE run_id = $1 AND step_id = $3)
                    ON CONFLICT(dedup_key) DO NOTHING
                    """, runId, (int)item.Kind, item.StepId, item.DueAt, item.DedupKey);
                break;
            case QueueItemKind.Discovery or QueueItemKind.SleepWake or QueueItemKind.PauseTimeout:
                w.Sql($"{Keyed} ON CONFLICT(dedup_key) DO NOTHING", runId, (int)item.Kind, item.StepId, item.DueAt, item.DedupKey);
                break;
            default:
                w.Sql($"{InsertQueueColumns} VALUES($1, $2, $3, 0, $4, $5::text) ON CONFLICT(dedup_key) DO NOTHING",
                    runId, (int)item.Kind, item.StepId, item.DueAt, item.DedupKey);
                break;
        }

        if (item.DueAt <= now)
        {
            w.Notify = true;
        }
    }

    /// <summary>History lines in one statement; identity ids follow the list order, so reads keep it.</summary>
    /// <summary>One statement inserting <paramref name="events"/> (an internal id already stored is skipped).</summary>
    internal static Npgsql.NpgsqlBatchCommand InsertEvents(IReadOnlyCollection<StoredEvent> events) => PostgresWrite.Command("""
        INSERT INTO events(internal_id, id, name, ts, received_at, json)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[]) ON CONFLICT DO NOTHING
        """,
        events.Select(e => e.InternalId).ToArray(), events.Select(e => e.Id).ToArray(), events.Select(e => e.Name).ToArray(),
        events.Select(e => e.Ts).ToArray(), events.Select(e => e.ReceivedAt).ToArray(), events.Select(e => e.Json).ToArray());

    /// <summary>One statement inserting <paramref name="entries"/> in their order.</summary>
    internal static Npgsql.NpgsqlBatchCommand InsertHistory(IReadOnlyCollection<HistoryEntry> entries) => PostgresWrite.Command("""
        INSERT INTO history(run_id, at, type, step_id, step_name, attempt, json)
        SELECT r, a, t, s, n, at, j FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[]) WITH ORDINALITY AS h(r, a, t, s, n, at, j, o)
        ORDER BY o
        """,
        entries.Select(h => h.RunId).ToArray(), entries.Select(h => h.At).ToArray(), entries.Select(h => h.Type).ToArray(),
        entries.Select(h => h.StepId).ToArray(), entries.Select(h => h.StepName).ToArray(), entries.Select(h => h.Attempt).ToArray(),
        entries.Select(h => h.Json).ToArray());
}
