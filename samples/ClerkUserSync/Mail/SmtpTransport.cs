using ClerkUserSync.Hosting;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ClerkUserSync.Mail;

/// <summary>Sends through an SMTP server with MailKit, one connection per message (onboarding mail is low volume).</summary>
public sealed class SmtpTransport(SmtpSettings settings) : IMailTransport
{
    public string Description => $"SMTP {settings.Host}:{settings.Port} ({settings.Security})";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var client = new SmtpClient();
        var security = settings.Security.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "ssl" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(settings.Host ?? throw new InvalidOperationException("SMTP_HOST is not set"), settings.Port, security, cancellationToken);
        if (settings.Username is not null)
        {
            await client.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
