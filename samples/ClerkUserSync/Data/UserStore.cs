using System.Data.Common;
using Dapper;
using Steadfast.Clerk.Models;

namespace ClerkUserSync.Data;

/// <summary>
/// Applies Clerk user events to <c>users</c>, idempotently and in any order: a full snapshot wins only when its
/// <c>updated_at</c> is newer than the row's (last writer wins), a delete leaves a tombstone that no snapshot
/// resurrects, and the username is chosen once, when the row is first inserted. Each decision is a read-decide-write
/// serialized per user (<see cref="UsersDatabase.LockAsync"/>), on SQLite and PostgreSQL alike.
/// </summary>
public sealed class UserStore(UsersDatabase database, TimeProvider time, ILogger<UserStore> logger)
{
    private const string Columns = """
        id AS Id, username AS Username, email AS Email, first_name AS FirstName, last_name AS LastName,
        display_name AS DisplayName, image_url AS ImageUrl, phone AS Phone, clerk_username AS ClerkUsername,
        clerk_created_at AS ClerkCreatedAt, clerk_updated_at AS ClerkUpdatedAt, deleted_at AS DeletedAt, synced_at AS SyncedAt
        """;

    private const string RowVersionSql = "SELECT clerk_updated_at AS UpdatedAt, deleted_at AS DeletedAt FROM users WHERE id = @id";

    /// <summary>Reads one row, tombstones included.</summary>
    public async Task<UserRow?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(
            new CommandDefinition($"SELECT {Columns} FROM users WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Reads every row, tombstones included, ordered by id.</summary>
    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<UserRow>(new CommandDefinition($"SELECT {Columns} FROM users ORDER BY id", cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// Applies a full user snapshot (from <c>user.created</c> or <c>user.updated</c>, whichever arrives first).
    /// </summary>
    /// <param name="user">The snapshot.</param>
    /// <param name="eventTime">The event time in ms, used when the snapshot has no <c>updated_at</c>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>What happened.</returns>
    public async Task<SyncOutcome> ApplySnapshotAsync(ClerkUser user, long eventTime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(user.Id);
        var version = user.UpdatedAt ?? user.CreatedAt ?? eventTime;
        var email = user.PrimaryEmailAddress;
        var values = new
        {
            id = user.Id,
            email,
            first_name = user.FirstName,
            last_name = user.LastName,
            display_name = DisplayName(user),
            image_url = user.ImageUrl,
            phone = user.PrimaryPhone?.PhoneNumber,
            clerk_username = user.Username,
            clerk_created_at = user.CreatedAt,
            clerk_updated_at = version,
            synced_at = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };

        await using var connection = await database.OpenAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await database.BeginWriteAsync(connection, cancellationToken);
            await database.LockAsync(tx, UsersDatabase.UserKey(user.Id), cancellationToken);
            var existing = await connection.QuerySingleOrDefaultAsync<RowVersion>(new CommandDefinition(RowVersionSql, new { id = user.Id }, tx, cancellationToken: cancellationToken));
            if (existing is { DeletedAt: { } deletedAt })
            {
                if (version <= deletedAt)
                {
                    return SyncOutcome.IgnoredDeleted;
                }

                UserSyncLog.RefusedResurrection(logger, user.Id, deletedAt, version);
                return SyncOutcome.RefusedResurrection;
            }

            if (existing is { } row && version <= row.UpdatedAt)
            {
                return SyncOutcome.IgnoredStale;
            }

            try
            {
                if (existing is null)
                {
                    var baseName = Usernames.Base(email, user.Username);
                    await database.LockAsync(tx, UsersDatabase.UsernameKey(baseName), cancellationToken);
                    var taken = (await connection.QueryAsync<string>(new CommandDefinition(
                        "SELECT username FROM users WHERE username = @baseName OR username LIKE @pattern ESCAPE '\\'",
                        new { baseName, pattern = EscapeLike(baseName) + "%" }, tx, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
                    await connection.ExecuteAsync(new CommandDefinition("""
                        INSERT INTO users (id, username, email, first_name, last_name, display_name, image_url, phone, clerk_username, clerk_created_at, clerk_updated_at, synced_at)
                        VALUES (@id, @username, @email, @first_name, @last_name, @display_name, @image_url, @phone, @clerk_username, @clerk_created_at, @clerk_updated_at, @synced_at)
                        """, new DynamicParameters(values).With("username", Usernames.FirstFree(baseName, taken)), tx, cancellationToken: cancellationToken));
                    await tx.CommitAsync(cancellationToken);
                    return SyncOutcome.Created;
                }

                // A full snapshot replaces every synced field (partial updates included: Clerk always sends the whole user);
                // the username we assigned stays.
                await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE users SET email = @email, first_name = @first_name, last_name = @last_name, display_name = @display_name,
                        image_url = @image_url, phone = @phone, clerk_username = @clerk_username, clerk_created_at = @clerk_created_at,
                        clerk_updated_at = @clerk_updated_at, synced_at = @synced_at
                    WHERE id = @id
                    """, values, tx, cancellationToken: cancellationToken));
                await tx.CommitAsync(cancellationToken);
                return SyncOutcome.Updated;
            }
            catch (DbException e) when (database.IsUniqueViolation(e) && attempt < 3)
            {
                // The username locks make this race impossible between instances of this app, but a shared database may
                // be written by other programs: roll back and decide again.
                UserSyncLog.UsernameRace(logger, user.Id, attempt);
                await tx.RollbackAsync(cancellationToken);
            }
        }
    }

    /// <summary>Marks a user deleted at <paramref name="deletedAt"/> (the envelope time), writing a tombstone if it was never seen.</summary>
    public async Task<SyncOutcome> DeleteAsync(string id, long deletedAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(connection, cancellationToken);
        await database.LockAsync(tx, UsersDatabase.UserKey(id), cancellationToken);
        var existing = await connection.QuerySingleOrDefaultAsync<RowVersion>(new CommandDefinition(RowVersionSql, new { id }, tx, cancellationToken: cancellationToken));
        SyncOutcome outcome;
        if (existing is null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO users (id, clerk_updated_at, deleted_at, synced_at) VALUES (@id, @deletedAt, @deletedAt, @now)",
                new { id, deletedAt, now }, tx, cancellationToken: cancellationToken));
            outcome = SyncOutcome.TombstoneCreated;
        }
        else if (existing.DeletedAt is not null)
        {
            return SyncOutcome.AlreadyDeleted;
        }
        else
        {
            // Personal data goes with the user; the id and the time stay so late snapshots are recognised and ignored.
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE users SET deleted_at = @deletedAt, username = NULL, email = NULL, first_name = NULL, last_name = NULL,
                    display_name = NULL, image_url = NULL, phone = NULL, clerk_username = NULL, clerk_updated_at = @version, synced_at = @now
                WHERE id = @id
                """, new { id, deletedAt, version = Math.Max(existing.UpdatedAt, deletedAt), now }, tx, cancellationToken: cancellationToken));
            outcome = SyncOutcome.Deleted;
        }

        await tx.CommitAsync(cancellationToken);
        return outcome;
    }

    /// <summary>Display name: first and last name, else Clerk username, else the email's local part, else the id.</summary>
    public static string DisplayName(ClerkUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var names = string.Join(' ', new[] { user.FirstName, user.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        if (names.Length > 0)
        {
            return names;
        }

        if (!string.IsNullOrWhiteSpace(user.Username))
        {
            return user.Username;
        }

        return user.PrimaryEmailAddress is { } email && email.IndexOf('@', StringComparison.Ordinal) is > 0 and var at ? email[..at] : user.Id!;
    }

    private sealed class RowVersion
    {
        public long UpdatedAt { get; init; }

        public long? DeletedAt { get; init; }
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
