using Npgsql;
using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string ItemColumns = "id, run_id, kind, step_id, attempt, due_at, owner, claims";

    /// <inheritdoc />
    public Task<IReadOnlyList<QueueItem>> ClaimAsync(string owner, long now, long leaseUntil, int limit, CancellationToken cancellationToken = default) =>
        Writer.WriteAsync<IReadOnlyList<QueueItem>>(w =>
        {
            // As in SQLite: a claimed discovery item gives up its dedup key so the next completion can queue a fresh
            // discovery while this one runs; discovery-type items (discovery, sleep wake, pause timeout) of one run
            // are serialized — none is claimed while another is leased, and only the oldest due one is claimed.
            // Across nodes, SKIP LOCKED leaves rows another claim is taking; a row claimed and committed meanwhile is
            // re-checked on lock (its due time is now the lease) and dropped, and the oldest-due rule keeps a second
            // claimer off the run's younger items.
            var items = new List<QueueItem>();
            w.Rows($"""
                WITH c AS (
                    SELECT id FROM queue q WHERE due_at <= $2
                    AND NOT (kind IN (0, 2, 3) AND EXISTS (
                        SELECT 1 FROM queue o WHERE o.run_id = q.run_id AND o.owner IS NOT NULL AND o.kind IN (0, 2, 3) AND o.due_at > $2))
                    AND (kind NOT IN (0, 2, 3) OR id = (
                        SELECT MIN(m.id) FROM queue m WHERE m.run_id = q.run_id AND m.kind IN (0, 2, 3) AND m.due_at <= $2))
                    ORDER BY due_at LIMIT $4
                    FOR UPDATE SKIP LOCKED)
                UPDATE queue u SET owner = $1, due_at = $3, claims = u.claims + 1,
                    dedup_key = CASE u.kind WHEN 0 THEN NULL ELSE u.dedup_key END
                FROM c WHERE u.id = c.id
                RETURNING u.id, u.run_id, u.kind, u.step_id, u.attempt, u.due_at, u.owner, u.claims
                """, r =>
            {
                while (r.Read())
                {
                    items.Add(ReadItem(r));
                }
            }, owner, now, leaseUntil, Math.Max(0, limit));
            return () => items;
        }, cancellationToken: cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// One statement in its own transaction, outside group commit, that never waits for a row lock: an item being
    /// settled by a transition at this moment is skipped (and reported as not extended; the next heartbeat, a third of
    /// a lease later, extends it). Waiting instead would let heartbeats, which lock many items at once, deadlock with
    /// groups of transitions.
    /// </remarks>
    public async Task<IReadOnlyList<long>> ExtendLeasesAsync(string owner, IReadOnlyCollection<long> itemIds, long leaseUntil, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        _ = Writer;
        await using var cmd = Read("""
            UPDATE queue SET due_at = $1 WHERE id IN (
                SELECT id FROM queue WHERE id = ANY($2) AND owner = $3 ORDER BY id FOR UPDATE SKIP LOCKED)
            RETURNING id
            """, leaseUntil, itemIds.ToArray(), owner);
        var held = new HashSet<long>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            held.Add(reader.GetInt64(0));
        }

        return itemIds.Where(held.Contains).ToList();
    }

    /// <inheritdoc />
    public async Task<long?> NextDueAtAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = Read("SELECT MIN(due_at) FROM queue");
        var value = await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is long l ? l : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PauseRecord>> ListPausesAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = Read("SELECT id, run_id, kind, step_id, event_name, expression, trigger_json, expires_at, created_at FROM pauses");
        var list = new List<PauseRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new PauseRecord
            {
                Id = r.GetString(0),
                RunId = r.GetString(1),
                Kind = (PauseKind)r.GetInt32(2),
                StepId = r.GetString(3),
                EventName = r.GetString(4),
                Expression = r.IsDBNull(5) ? null : r.GetString(5),
                TriggerJson = r.IsDBNull(6) ? null : r.GetString(6),
                ExpiresAt = r.GetInt64(7),
                CreatedAt = r.GetInt64(8),
            });
        }

        return list;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueueItem>> GetQueueItemsAsync(string runId, CancellationToken cancellationToken = default)
    {
        await using var cmd = Read($"SELECT {ItemColumns} FROM queue WHERE run_id = $1 ORDER BY id", runId);
        var items = new List<QueueItem>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(ReadItem(reader));
        }

        return items;
    }

    private static QueueItem ReadItem(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        RunId = r.GetString(1),
        Kind = (QueueItemKind)r.GetInt32(2),
        StepId = r.GetString(3),
        Attempt = r.GetInt32(4),
        DueAt = r.GetInt64(5),
        Owner = r.IsDBNull(6) ? null : r.GetString(6),
        Claims = r.GetInt32(7),
    };
}
