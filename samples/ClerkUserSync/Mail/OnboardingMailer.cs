using ClerkUserSync.Data;
using Dapper;
using Steadfast.Sdk;

namespace ClerkUserSync.Mail;

/// <summary>
/// Sends each onboarding mail at most once per (user, kind): a <c>sent_mail</c> row is claimed before sending and
/// marked sent after. Engine dedup (svix-id) stops most duplicates; this record stops the rest (a redelivery after the
/// 24 h window, two functions, a manual replay). A claim left by a crashed attempt is taken over after
/// <see cref="ClaimTimeout"/>; a live one makes the step retry later — so a crash between sending and marking can
/// repeat a mail (at least once), two live runs cannot.
/// </summary>
public sealed class OnboardingMailer(UsersDatabase database, IMailTransport transport, MailComposer composer, TimeProvider time)
{
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);

    public async Task<MailOutcome> SendOnceAsync(MailKind kind, string userId, string? recipient, string? firstName, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(recipient))
        {
            return MailOutcome.SkippedNoEmail;
        }

        var slug = MailComposer.Slug(kind);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            // Under the user's lock: a concurrent delete either commits before the check below or waits for the claim.
            await using var tx = await database.BeginWriteAsync(connection, cancellationToken);
            await database.LockAsync(tx, UsersDatabase.UserKey(userId), cancellationToken);
            var deleted = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT deleted_at FROM users WHERE id = @userId", new { userId }, tx, cancellationToken: cancellationToken));
            if (deleted is not null)
            {
                return MailOutcome.SkippedDeleted;
            }

            var claim = await connection.QuerySingleOrDefaultAsync<Claim>(new CommandDefinition(
                "SELECT status AS Status, created_at AS CreatedAt FROM sent_mail WHERE user_id = @userId AND kind = @slug", new { userId, slug }, tx, cancellationToken: cancellationToken));
            if (claim is { Status: "sent" })
            {
                return MailOutcome.AlreadySent;
            }

            if (claim is not null && now - claim.CreatedAt < (long)ClaimTimeout.TotalMilliseconds)
            {
                throw new RetryAfterException($"the {slug} mail for {userId} is being sent by another run", ClaimTimeout);
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO sent_mail (user_id, kind, recipient, status, created_at) VALUES (@userId, @slug, @recipient, 'sending', @now)
                ON CONFLICT (user_id, kind) DO UPDATE SET recipient = excluded.recipient, created_at = excluded.created_at
                """, new { userId, slug, recipient, now }, tx, cancellationToken: cancellationToken));
            await tx.CommitAsync(cancellationToken);
        }

        await transport.SendAsync(composer.Compose(kind, userId, recipient, firstName), cancellationToken);

        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE sent_mail SET status = 'sent', sent_at = @sentAt WHERE user_id = @userId AND kind = @slug",
                new { userId, slug, sentAt = time.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        }

        return MailOutcome.Sent;
    }

    private sealed class Claim
    {
        public string Status { get; init; } = "";

        public long CreatedAt { get; init; }
    }
}
