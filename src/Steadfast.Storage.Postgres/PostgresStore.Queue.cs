using Npgsql;
using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string ItemColumns = "id, run_id, kind, step_id, attempt, due_at, owner, claims";

    /// <inheritdoc />
    /// <remarks>
    /// One call of <c>sf_claim</c> (see <see cref="PostgresSchema"/>) in its own short transaction, outside group
    /// commit: it waits only for other claims (on the advisory locks of concurrency keys), never for a group's row
    /// locks, so claims of several nodes on one key serialize without deadlocks, and the key locks are held for one
    /// claim, not for a whole group. Items are taken with <c>FOR UPDATE SKIP LOCKED</c> as before; the concurrency
    /// limits hold across nodes because every key is counted after its lock is held.
    /// </remarks>
    public async Task<IReadOnlyList<QueueItem>> ClaimAsync(string owner, long now, long leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        _ = Writer;
        var items = new List<QueueItem>();
        if (limit <= 0)
        {
            return items;
        }

        await using var cmd = Read($"SELECT {ItemColumns} FROM sf_claim($1, $2, $3, $4)", owner, now, leaseUntil, limit);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(ReadItem(reader));
        }

        return items;
    }

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
