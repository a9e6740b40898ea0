using MimeKit;

namespace ClerkUserSync.Mail;

/// <summary>Delivers a composed message: SMTP when configured, otherwise an .eml file.</summary>
public interface IMailTransport
{
    /// <summary>Gets a description for the start-up banner.</summary>
    string Description { get; }

    /// <summary>Delivers the message; throws when it could not (the step is retried).</summary>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default);
}
