using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Outside group commit: each batch is its own short statement on its own connection. Runs being deleted are
    /// locked with SKIP LOCKED, so nodes purging at the same time take different runs.
    /// </remarks>
    public async Task<PurgeResult> PurgeHistoryAsync(long before, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _ = Writer;
        int runs;
        await using (var cmd = Read("""
            WITH r AS (SELECT run_id FROM runs WHERE status >= 2 AND ended_at < $1 ORDER BY ended_at LIMIT $2 FOR UPDATE SKIP LOCKED),
            s AS (DELETE FROM steps WHERE run_id IN (SELECT run_id FROM r)),
            h AS (DELETE FROM history WHERE run_id IN (SELECT run_id FROM r)),
            q AS (DELETE FROM queue WHERE run_id IN (SELECT run_id FROM r)),
            p AS (DELETE FROM pauses WHERE run_id IN (SELECT run_id FROM r)),
            d AS (DELETE FROM runs WHERE run_id IN (SELECT run_id FROM r) RETURNING 1)
            SELECT count(*)::int FROM d
            """, before, batchSize))
        {
            runs = (int)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        // An active run needs the events it was started with, all received before it was created: events older than
        // the oldest active run are nobody's.
        int events;
        await using (var cmd = Read("""
            WITH d AS (DELETE FROM events WHERE internal_id IN (
                SELECT internal_id FROM events
                WHERE received_at < LEAST($1, COALESCE((SELECT MIN(created_at) FROM runs WHERE status < 2), $1))
                ORDER BY received_at LIMIT $2) RETURNING 1)
            SELECT count(*)::int FROM d
            """, before, batchSize))
        {
            events = (int)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await using (var cmd = Read("DELETE FROM idempotency WHERE key IN (SELECT key FROM idempotency WHERE expires_at <= $1 LIMIT $2)", before, batchSize))
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Flow-control state that no longer decides anything: a GCRA arrival time in the past is the same as no row,
        // and singleton or pending-run keys whose run has moved on are replaced by the next run of the key anyway. Rows
        // an admission holds right now are skipped (never waited for).
        await using (var cmd = Read("""
            DELETE FROM flow_limits WHERE key IN (SELECT key FROM flow_limits WHERE tat <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
            """, before, batchSize))
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var cmd = Read("""
            DELETE FROM singletons WHERE key IN (SELECT s.key FROM singletons s LEFT JOIN runs r ON r.run_id = s.run_id
                WHERE r.run_id IS NULL OR r.status >= 2 LIMIT $1 FOR UPDATE OF s SKIP LOCKED)
            """, batchSize))
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var cmd = Read("""
            DELETE FROM pending_runs WHERE key IN (SELECT p.key FROM pending_runs p LEFT JOIN runs r ON r.run_id = p.run_id
                WHERE r.run_id IS NULL OR r.status <> 0 LIMIT $1 FOR UPDATE OF p SKIP LOCKED)
            """, batchSize))
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new PurgeResult(runs, events);
    }
}
