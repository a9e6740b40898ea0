using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public Task<PurgeResult> PurgeHistoryAsync(long before, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);

        // One write request per batch: a short transaction in the group-commit stream, never a long table rewrite.
        return Writer.WriteAsync(w =>
        {
            var ids = new List<string>(batchSize);
            using (var reader = w.Command("""
                SELECT run_id FROM runs WHERE status >= 2 AND ended_at < @b ORDER BY ended_at LIMIT @n
                """).With("@b", before).With("@n", batchSize).ExecuteReader())
            {
                while (reader.Read())
                {
                    ids.Add(reader.GetString(0));
                }
            }

            foreach (var id in ids)
            {
                foreach (var table in new[] { "steps", "history", "queue", "pauses", "runs" })
                {
                    w.Command($"DELETE FROM {table} WHERE run_id = @r").With("@r", id).ExecuteNonQuery();
                }
            }

            // An active run needs the events it was started with, all received before it was created: events older
            // than the oldest active run are nobody's.
            var events = w.Command("""
                DELETE FROM events WHERE internal_id IN (
                    SELECT internal_id FROM events
                    WHERE received_at < MIN(@b, COALESCE((SELECT MIN(created_at) FROM runs WHERE status < 2), @b))
                    ORDER BY received_at LIMIT @n)
                """).With("@b", before).With("@n", batchSize).ExecuteNonQuery();
            w.Command("DELETE FROM idempotency WHERE key IN (SELECT key FROM idempotency WHERE expires_at <= @b LIMIT @n)")
                .With("@b", before).With("@n", batchSize).ExecuteNonQuery();

            // Flow-control state that no longer decides anything: a GCRA arrival time in the past is the same as no row,
            // and singleton or pending-run keys whose run has moved on are replaced by the next run of the key anyway.
            w.Command("DELETE FROM flow_limits WHERE key IN (SELECT key FROM flow_limits WHERE tat <= @b LIMIT @n)")
                .With("@b", before).With("@n", batchSize).ExecuteNonQuery();
            w.Command("""
                DELETE FROM singletons WHERE key IN (SELECT s.key FROM singletons s LEFT JOIN runs r ON r.run_id = s.run_id
                    WHERE r.run_id IS NULL OR r.status >= 2 LIMIT @n)
                """).With("@n", batchSize).ExecuteNonQuery();
            w.Command("""
                DELETE FROM pending_runs WHERE key IN (SELECT p.key FROM pending_runs p LEFT JOIN runs r ON r.run_id = p.run_id
                    WHERE r.run_id IS NULL OR r.status <> 0 LIMIT @n)
                """).With("@n", batchSize).ExecuteNonQuery();
            return new PurgeResult(ids.Count, events);
        }, cancellationToken);
    }
}
