using System.Text.Json;
using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<QueueItem>> ClaimAsync(string owner, long now, long leaseUntil, int limit, CancellationToken cancellationToken = default) =>
        Writer.WriteAsync<IReadOnlyList<QueueItem>>(w => Claim(w, owner, now, leaseUntil, limit), cancellationToken);

    private static List<QueueItem> Claim(SqliteWriter w, string owner, long now, long leaseUntil, int limit)
    {
        // Concurrency: live leases per key right now (one pass over the leased items, a small set). Keys already at
        // their limit are excluded from the candidates in SQL, so blocked items never crowd the window; keys that fill
        // up within this claim are counted here, item by item, so a batch never goes over a limit either. The candidate
        // window is wide (runs of one key queue back to back) but read lazily: reading stops at the claim limit.
        var leased = new Dictionary<string, int>(StringComparer.Ordinal);
        var full = new List<string>();
        using (var r = w.Command("""
            SELECT ck, COUNT(*), MIN(cl) FROM (
                SELECT ck1 AS ck, cl1 AS cl FROM queue WHERE owner IS NOT NULL AND due_at > @now AND ck1 IS NOT NULL
                UNION ALL
                SELECT ck2, cl2 FROM queue WHERE owner IS NOT NULL AND due_at > @now AND ck2 IS NOT NULL)
            GROUP BY ck
            """).With("@now", now).ExecuteReader())
        {
            while (r.Read())
            {
                var count = r.GetInt32(1);
                leased[r.GetString(0)] = count;
                if (count >= r.GetInt32(2))
                {
                    full.Add(r.GetString(0));
                }
            }
        }

        // A claimed discovery item gives up its dedup key so the next completion can queue a fresh discovery while
        // this one runs; planned steps and wakes keep theirs so they are never queued twice. Discovery calls of one run
        // are serialized: while one is leased (and its lease live), no other discovery or wake of that run is claimed,
        // so two calls can never both run the same new step immediately.
        var ids = new List<long>(limit);
        using (var r = w.Command("""
            SELECT id, ck1, cl1, ck2, cl2 FROM queue q WHERE due_at <= @now
            AND NOT (kind IN (0, 2, 3) AND EXISTS (
                SELECT 1 FROM queue o WHERE o.run_id = q.run_id AND o.owner IS NOT NULL AND o.kind IN (0, 2, 3) AND o.due_at > @now))
            AND (kind NOT IN (0, 2, 3) OR id = (
                SELECT MIN(m.id) FROM queue m WHERE m.run_id = q.run_id AND m.kind IN (0, 2, 3) AND m.due_at <= @now))
            AND (ck1 IS NULL OR ck1 NOT IN (SELECT value FROM json_each(@full)))
            AND (ck2 IS NULL OR ck2 NOT IN (SELECT value FROM json_each(@full)))
            ORDER BY due_at LIMIT @n
            """).With("@now", now).With("@n", (limit * 32) + 1024)
            .With("@full", JsonSerializer.Serialize(full, SqliteJsonContext.Default.ListString)).ExecuteReader())
        {
            while (r.Read() && ids.Count < limit)
            {
                var k1 = r.GetNullableString(1);
                var k2 = r.GetNullableString(3);
                if ((k1 is not null && leased.GetValueOrDefault(k1) >= r.GetInt32(2)) || (k2 is not null && leased.GetValueOrDefault(k2) >= r.GetInt32(4)))
                {
                    continue;
                }

                if (k1 is not null)
                {
                    leased[k1] = leased.GetValueOrDefault(k1) + 1;
                }

                if (k2 is not null)
                {
                    leased[k2] = leased.GetValueOrDefault(k2) + 1;
                }

                ids.Add(r.GetInt64(0));
            }
        }

        var items = new List<QueueItem>(ids.Count);
        if (ids.Count == 0)
        {
            return items;
        }

        using (var r = w.Command("""
            UPDATE queue SET owner = @o, due_at = @l, claims = claims + 1,
                dedup_key = CASE kind WHEN 0 THEN NULL ELSE dedup_key END
            WHERE id IN (SELECT value FROM json_each(@ids))
            RETURNING id, run_id, kind, step_id, attempt, due_at, owner, claims
            """).With("@o", owner).With("@l", leaseUntil).With("@ids", JsonSerializer.Serialize(ids, SqliteJsonContext.Default.ListInt64)).ExecuteReader())
        {
            while (r.Read())
            {
                items.Add(ReadItem(r));
            }
        }

        // RETURNING gives no order guarantee; keep the due order of the candidates.
        var order = new Dictionary<long, int>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            order[ids[i]] = i;
        }

        items.Sort((a, b) => order[a.Id].CompareTo(order[b.Id]));
        return items;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<long>> ExtendLeasesAsync(string owner, IReadOnlyCollection<long> itemIds, long leaseUntil, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        return Writer.WriteAsync<IReadOnlyList<long>>(w =>
        {
            var held = new List<long>(itemIds.Count);
            foreach (var id in itemIds)
            {
                if (w.Command("UPDATE queue SET due_at = @l WHERE id = @id AND owner = @o").With("@l", leaseUntil).With("@id", id).With("@o", owner).ExecuteNonQuery() == 1)
                {
                    held.Add(id);
                }
            }

            return held;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long?> NextDueAtAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT MIN(due_at) FROM queue";
            var value = await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is long l ? l : null;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PauseRecord>> ListPausesAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT id, run_id, kind, step_id, event_name, expression, trigger_json, expires_at, created_at FROM pauses";
            var list = new List<PauseRecord>();
            using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new PauseRecord
                {
                    Id = r.GetString(0),
                    RunId = r.GetString(1),
                    Kind = (PauseKind)r.GetInt32(2),
                    StepId = r.GetString(3),
                    EventName = r.GetString(4),
                    Expression = r.GetNullableString(5),
                    TriggerJson = r.GetNullableString(6),
                    ExpiresAt = r.GetInt64(7),
                    CreatedAt = r.GetInt64(8),
                });
            }

            return list;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueueItem>> GetQueueItemsAsync(string runId, CancellationToken cancellationToken = default)
    {
        var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT id, run_id, kind, step_id, attempt, due_at, owner, claims FROM queue WHERE run_id = @r ORDER BY id";
            cmd.With("@r", runId);
            var items = new List<QueueItem>();
            using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(ReadItem(reader));
            }

            return items;
        }
    }

    private static QueueItem ReadItem(Microsoft.Data.Sqlite.SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        RunId = r.GetString(1),
        Kind = (QueueItemKind)r.GetInt32(2),
        StepId = r.GetString(3),
        Attempt = r.GetInt32(4),
        DueAt = r.GetInt64(5),
        Owner = r.GetNullableString(6),
        Claims = r.GetInt32(7),
    };
}
