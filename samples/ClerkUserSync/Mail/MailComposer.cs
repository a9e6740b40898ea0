using MimeKit;

namespace ClerkUserSync.Mail;

/// <summary>Builds the onboarding messages. The Message-Id is derived from (kind, user), so duplicates are recognisable.</summary>
public sealed class MailComposer(string from)
{
    private readonly MailboxAddress _from = MailboxAddress.Parse(from);

    public MimeMessage Compose(MailKind kind, string userId, string recipient, string? firstName)
    {
        var greeting = string.IsNullOrWhiteSpace(firstName) ? "Hello" : $"Hello {firstName}";
        var (subject, text) = kind switch
        {
            MailKind.Welcome => ("Welcome aboard!", $"{greeting},\n\nwelcome! Your account is ready.\n"),
            _ => ("Your free trial is waiting", $"{greeting},\n\nyou have been with us for a few days: start your free trial of the Pro plan today.\n"),
        };
        var message = new MimeMessage
        {
            Subject = subject,
            Body = new TextPart("plain") { Text = text },
            MessageId = $"{Slug(kind)}.{userId}@clerk-user-sync.local",
        };
        message.From.Add(_from);
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Headers.Add("X-Clerk-User-Id", userId);
        message.Headers.Add("X-Mail-Kind", Slug(kind));
        return message;
    }

    public static string Slug(MailKind kind) => kind == MailKind.Welcome ? "welcome" : "trial-offer";
}
