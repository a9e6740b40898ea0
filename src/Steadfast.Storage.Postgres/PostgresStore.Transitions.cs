using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc />
    public Task<bool> ApplyAsync(RunTransition transition, long now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return Writer.WriteAsync(w => Apply(w, transition, now), static () => false, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<bool>> ApplyManyAsync(IReadOnlyList<RunTransition> transitions, long now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        var tasks = new Task<bool>[transitions.Count];
        for (var i = 0; i < transitions.Count; i++)
        {
            var t = transitions[i];
            tasks[i] = Writer.WriteAsync(w => Apply(w, t, now), static () => false, cancellationToken);
        }

        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>
    /// The statements of a transition. Preconditions come first as guards that abort the request (its savepoint is
    /// rolled back, so nothing is written): the item is still held by this owner with this claim count (locked
    /// against a concurrent claim), the consumed pause still exists, the run is still active.
    /// </summary>
    private static Func<bool> Apply(PostgresWrite w, RunTransition t, long now)
    {
        if (t.ItemId != 0)
        {
            // Identity ids are never reused and the item must belong to this run: a stale worker can never settle
            // someone else's item.
            w.Check("""
                SELECT sf_check(count(*) = 1) FROM (
                    SELECT 1 FROM queue WHERE id = $1 AND run_id = $2 AND owner = $3::text AND ($4::int IS NULL OR claims = $4::int) FOR UPDATE) x
                """, t.ItemId, t.RunId, t.Owner, t.ClaimCount);
        }

        if (t.ConsumePauseId is { } pauseId)
        {
            w.Check("WITH d AS (DELETE FROM pauses WHERE id = $1 RETURNING 1) SELECT sf_check(count(*) = 1) FROM d", pauseId);
        }

        if (t.RequireActiveRun)
        {
            w.Check("SELECT sf_check(count(*) = 1) FROM (SELECT 1 FROM runs WHERE run_id = $1 AND status < 2 FOR UPDATE) x", t.RunId);
        }

        if (t.Memos.Count > 0)
        {
            // The run row is locked first so concurrent memos of one run get distinct, ordered sequence numbers.
            w.Check("SELECT sf_check(true) FROM runs WHERE run_id = $1 FOR UPDATE", t.RunId);
            foreach (var (stepId, json) in t.Memos)
            {
                w.Sql("""
                    WITH s AS (INSERT INTO steps(run_id, step_id, seq, json) SELECT run_id, $2, step_count, $3 FROM runs WHERE run_id = $1
                        ON CONFLICT DO NOTHING RETURNING 1)
                    UPDATE runs SET step_count = step_count + 1 WHERE run_id = $1 AND EXISTS (SELECT 1 FROM s)
                    """, t.RunId, stepId, json);
            }
        }

        if (t.Update is { } u)
        {
            w.Sql("""
                UPDATE runs SET
                    status = COALESCE($2::int, status),
                    output = COALESCE($3::text, output),
                    ended_at = COALESCE($4::bigint, ended_at),
                    request_version = COALESCE($5::int, request_version),
                    force_step_plan = COALESCE($6::boolean, force_step_plan)
                WHERE run_id = $1
                """, t.RunId, u.Status is { } st ? (int)st : null, u.Output, u.EndedAt, u.RequestVersion, u.ForceStepPlan);
        }

        if (t.ItemId != 0)
        {
            switch (t.Disposition)
            {
                case ItemDisposition.Delete:
                    w.Sql("DELETE FROM queue WHERE id = $1", t.ItemId);
                    break;
                case ItemDisposition.Reschedule:
                    w.Sql("UPDATE queue SET owner = NULL, due_at = $2, attempt = $3 WHERE id = $1", t.ItemId, t.RescheduleAt, t.NextAttempt);
                    w.Notify |= t.RescheduleAt <= now;
                    break;
                case ItemDisposition.Keep:
                    w.Sql("UPDATE queue SET attempt = $2, kind = COALESCE($3::int, kind), step_id = CASE WHEN $3::int IS NULL THEN step_id ELSE 'step' END WHERE id = $1",
                        t.ItemId, t.NextAttempt, t.KeepAs is { } k ? (int)k : null);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(t), t.Disposition, "Unknown item disposition.");
            }
        }

        if (t.DeleteAllItems)
        {
            w.Sql("DELETE FROM queue WHERE run_id = $1", t.RunId);
            w.Sql("DELETE FROM pauses WHERE run_id = $1", t.RunId);
        }

        foreach (var pause in t.Pauses)
        {
            InsertPause(w, pause);
        }

        if (t.ResetForceStepPlanWhenNoPlannedSteps)
        {
            w.Sql("UPDATE runs SET force_step_plan = false WHERE run_id = $1 AND NOT EXISTS (SELECT 1 FROM queue WHERE run_id = $1 AND kind = 1)", t.RunId);
        }

        foreach (var item in t.Enqueue)
        {
            InsertItem(w, t.RunId, item, now);
        }

        foreach (var h in t.History)
        {
            InsertHistory(w, h);
        }

        Func<EventCommitResult>? emitted = null;
        if (t.Emit is { IsEmpty: false } emit)
        {
            emitted = WriteEvents(w, emit, now);
        }

        return () =>
        {
            if (emitted is not null)
            {
                t.EmitResult = emitted();
            }

            return true;
        };
    }
}
