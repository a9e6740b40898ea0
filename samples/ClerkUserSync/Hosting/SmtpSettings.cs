namespace ClerkUserSync.Hosting;

/// <summary>SMTP delivery; when <see cref="Host"/> is null, mail is written as .eml files instead.</summary>
public sealed class SmtpSettings
{
    /// <summary>Gets or sets the server (<c>SMTP_HOST</c>).</summary>
    public string? Host { get; set; }

    /// <summary>Gets or sets the port (<c>SMTP_PORT</c>, default 587).</summary>
    public int Port { get; set; } = 587;

    /// <summary>Gets or sets the user name (<c>SMTP_USERNAME</c>); no authentication when null.</summary>
    public string? Username { get; set; }

    /// <summary>Gets or sets the password (<c>SMTP_PASSWORD</c>).</summary>
    public string? Password { get; set; }

    /// <summary>Gets or sets the TLS mode (<c>SMTP_SECURITY</c>: auto, none, starttls, ssl; default auto).</summary>
    public string Security { get; set; } = "auto";
}
