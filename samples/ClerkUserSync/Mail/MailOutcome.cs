namespace ClerkUserSync.Mail;

/// <summary>What a send attempt did (the step result of the mail functions).</summary>
public enum MailOutcome
{
    /// <summary>The mail was handed to the transport.</summary>
    Sent,

    /// <summary>This mail had already been sent to the user; nothing was sent.</summary>
    AlreadySent,

    /// <summary>The user is deleted; nothing was sent.</summary>
    SkippedDeleted,

    /// <summary>The user has no primary email address; nothing was sent.</summary>
    SkippedNoEmail,
}
