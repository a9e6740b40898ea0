using NpgsqlTypes;
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
    /// The statements of a transition. Preconditions are guards that abort the request (the group's transaction is
    /// rolled back and the others run again, so nothing of this request is written): the item is still held by this
    /// owner with this claim count — checked in the same statement that settles it, whose row lock also holds off a
    /// concurrent claim — the consumed pause still exists, the run is still active.
    /// </summary>
    private static Func<bool> Apply(PostgresWrite w, RunTransition t, long now)
    {
        if (t.ItemId != 0)
        {
            // Identity ids are never reused and the item must belong to this run: a stale worker can never settle
            // someone else's item.
            const string Held = "id = $1 AND run_id = $2 AND owner = $3::text AND ($4::int IS NULL OR claims = $4::int)";
            var claims = PostgresWrite.Typed(t.ClaimCount, NpgsqlDbType.Integer);
            switch (t.Disposition)
            {
                case ItemDisposition.Delete:
                    w.Check($"WITH x AS (DELETE FROM queue WHERE {Held} RETURNING 1) SELECT sf_check(count(*) = 1) FROM x",
                        t.ItemId, t.RunId, t.Owner, claims);
                    break;
                case ItemDisposition.Reschedule:
                    w.Check($"WITH x AS (UPDATE queue SET owner = NULL, due_at = $5, attempt = $6 WHERE {Held} RETURNING 1) SELECT sf_check(count(*) = 1) FROM x",
                        t.ItemId, t.RunId, t.Owner, claims, t.RescheduleAt, t.NextAttempt);
                    w.Notify |= t.RescheduleAt <= now;
                    break;
                case ItemDisposition.Keep:
                    w.Check($"""
                        WITH x AS (UPDATE queue SET attempt = $5, kind = COALESCE($6::int, kind), step_id = CASE WHEN $6::int IS NULL THEN step_id ELSE 'step' END
                            WHERE {Held} RETURNING 1)
                        SELECT sf_check(count(*) = 1) FROM x
                        """, t.ItemId, t.RunId, t.Owner, claims, t.NextAttempt, PostgresWrite.Typed(t.KeepAs is { } k ? (int)k : null, NpgsqlDbType.Integer));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(t), t.Disposition, "Unknown item disposition.");
            }
        }

        if (t.ConsumePauseId is { } pauseId)
        {
            w.Check("WITH d AS (DELETE FROM pauses WHERE id = $1 RETURNING 1) SELECT sf_check(count(*) = 1) FROM d", pauseId);
        }

        if (t.RequireActiveRun)
        {
            // Locked: a concurrent transition that ends the run is waited for and seen.
            w.Check("SELECT sf_check(count(*) = 1) FROM (SELECT 1 FROM runs WHERE run_id = $1 AND status < 2 FOR UPDATE) x", t.RunId);
        }

        // Memos: the run row is locked first (l) so concurrent memos of one run get distinct, ordered sequence
        // numbers. The run update rides on the last memo's statement.
        const string Memo = """
            WITH l AS (SELECT step_count FROM runs WHERE run_id = $1 FOR UPDATE),
            s AS (INSERT INTO steps(run_id, step_id, seq, json) SELECT $1, $2, l.step_count, $3 FROM l ON CONFLICT DO NOTHING RETURNING 1)
            """;
        const string Update = """
            status = COALESCE($4::int, status),
            output = COALESCE($5::text, output),
            ended_at = COALESCE($6::bigint, ended_at),
            request_version = COALESCE($7::int, request_version),
            force_step_plan = COALESCE($8::boolean, force_step_plan)
            """;
        var u = t.Update;
        object?[] UpdateArgs(string stepId, string json) =>
            [t.RunId, PostgresWrite.Typed(stepId, NpgsqlDbType.Text), PostgresWrite.Typed(json, NpgsqlDbType.Text),
                PostgresWrite.Typed(u?.Status is { } st ? (int)st : null, NpgsqlDbType.Integer), PostgresWrite.Typed(u?.Output, NpgsqlDbType.Text),
                PostgresWrite.Typed(u?.EndedAt, NpgsqlDbType.Bigint), PostgresWrite.Typed(u?.RequestVersion, NpgsqlDbType.Integer),
                PostgresWrite.Typed(u?.ForceStepPlan, NpgsqlDbType.Boolean)];
        for (var i = 0; i < t.Memos.Count; i++)
        {
            var (stepId, json) = t.Memos[i];
            if (i < t.Memos.Count - 1)
            {
                w.Sql(Memo + " UPDATE runs SET step_count = step_count + (SELECT count(*) FROM s) WHERE run_id = $1", t.RunId, stepId, json);
            }
            else
            {
                w.Sql(Memo + $" UPDATE runs SET step_count = step_count + (SELECT count(*) FROM s), {Update} WHERE run_id = $1", UpdateArgs(stepId, json));
            }
        }

        if (t.Memos.Count == 0 && u is not null)
        {
            w.Sql($"UPDATE runs SET {Update} WHERE run_id = $1 AND $2::text IS NULL AND $3::text IS NULL", UpdateArgs(null!, null!));
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

        w.InsertHistory(t.History);

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
