namespace ClerkUserSync.Mail;

/// <summary>The onboarding mails; each goes at most once to a user (<c>sent_mail</c> primary key).</summary>
public enum MailKind
{
    /// <summary>Sent when the user is created.</summary>
    Welcome,

    /// <summary>Sent after the trial-offer delay (3 days by default).</summary>
    TrialOffer,
}
