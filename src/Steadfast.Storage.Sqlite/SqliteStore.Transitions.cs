using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public Task<bool> ApplyAsync(RunTransition transition, long now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return Writer.WriteAsync(w => Apply(w, transition, now), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<bool>> ApplyManyAsync(IReadOnlyList<RunTransition> transitions, long now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        var tasks = new Task<bool>[transitions.Count];
        for (var i = 0; i < transitions.Count; i++)
        {
            var t = transitions[i];
            tasks[i] = Writer.WriteAsync(w => Apply(w, t, now), cancellationToken);
        }

        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private static bool Apply(SqliteWriter w, RunTransition t, long now)
    {
        if (t.ItemId != 0)
        {
            // Ids are never reused (AUTOINCREMENT) and the item must belong to this run: a stale worker can never settle
            // someone else's item.
            using var reader = w.Command("SELECT owner, claims FROM queue WHERE id = @id AND run_id = @r").With("@id", t.ItemId).With("@r", t.RunId).ExecuteReader();
            if (!reader.Read() || reader.IsDBNull(0) || reader.GetString(0) != t.Owner || (t.ClaimCount is { } c && reader.GetInt32(1) != c))
            {
                return false;
            }
        }

        if (t.ConsumePauseId is { } pauseId && w.Command("DELETE FROM pauses WHERE id = @i").With("@i", pauseId).ExecuteNonQuery() != 1)
        {
            return false;
        }

        if (t.RequireActiveRun)
        {
            var status = w.Command("SELECT status FROM runs WHERE run_id = @r").With("@r", t.RunId).ExecuteScalar();
            if (status is not long s || s >= (long)RunStatus.Completed)
            {
                return false;
            }
        }

        foreach (var (stepId, json) in t.Memos)
        {
            var inserted = w.Command("""
                INSERT OR IGNORE INTO steps(run_id, step_id, seq, json)
                VALUES(@r, @s, (SELECT step_count FROM runs WHERE run_id = @r), @j)
                """).With("@r", t.RunId).With("@s", stepId).With("@j", json).ExecuteNonQuery();
            if (inserted == 1)
            {
                w.Command("UPDATE runs SET step_count = step_count + 1 WHERE run_id = @r").With("@r", t.RunId).ExecuteNonQuery();
            }
        }

        if (t.Update is { } u)
        {
            w.Command("""
                UPDATE runs SET
                    status = COALESCE(@s, status),
                    output = COALESCE(@o, output),
                    ended_at = COALESCE(@e, ended_at),
                    request_version = COALESCE(@v, request_version),
                    force_step_plan = COALESCE(@f, force_step_plan)
                WHERE run_id = @r
                """)
                .With("@r", t.RunId).With("@s", u.Status is { } st ? (int)st : null).With("@o", u.Output).With("@e", u.EndedAt)
                .With("@v", u.RequestVersion).With("@f", u.ForceStepPlan is { } fp ? (fp ? 1 : 0) : null)
                .ExecuteNonQuery();
        }

        if (t.ItemId != 0)
        {
            switch (t.Disposition)
            {
                case ItemDisposition.Delete:
                    w.Command("DELETE FROM queue WHERE id = @id").With("@id", t.ItemId).ExecuteNonQuery();
                    break;
                case ItemDisposition.Reschedule:
                    w.Command("UPDATE queue SET owner = NULL, due_at = @d, attempt = @a WHERE id = @id")
                        .With("@id", t.ItemId).With("@d", t.RescheduleAt).With("@a", t.NextAttempt).ExecuteNonQuery();
                    break;
                case ItemDisposition.Keep:
                    w.Command("UPDATE queue SET attempt = @a, kind = COALESCE(@k, kind), step_id = CASE WHEN @k IS NULL THEN step_id ELSE 'step' END WHERE id = @id")
                        .With("@id", t.ItemId).With("@a", t.NextAttempt).With("@k", t.KeepAs is { } k ? (int)k : null).ExecuteNonQuery();
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(t), t.Disposition, "Unknown item disposition.");
            }
        }

        if (t.DeleteAllItems)
        {
            w.Command("DELETE FROM queue WHERE run_id = @r").With("@r", t.RunId).ExecuteNonQuery();
            w.Command("DELETE FROM pauses WHERE run_id = @r").With("@r", t.RunId).ExecuteNonQuery();
        }

        foreach (var pause in t.Pauses)
        {
            InsertPause(w, pause);
        }

        if (t.ResetForceStepPlanWhenNoPlannedSteps)
        {
            w.Command("""
                UPDATE runs SET force_step_plan = 0
                WHERE run_id = @r AND NOT EXISTS (SELECT 1 FROM queue WHERE run_id = @r AND kind = 1)
                """).With("@r", t.RunId).ExecuteNonQuery();
        }

        foreach (var item in t.Enqueue)
        {
            InsertItem(w, t.RunId, item);
        }

        foreach (var h in t.History)
        {
            InsertHistory(w, h);
        }

        if (t.Emit is { IsEmpty: false } emit)
        {
            t.EmitResult = WriteEvents(w, emit, now);
        }

        return true;
    }
}
