using System.Globalization;
using Steadfast.Protocol.Time;

namespace ClerkUserSync.Hosting;

/// <summary>
/// Everything the application needs, with embedded defaults: port 3000 on loopback, data under <c>./data</c> of the
/// directory the command was run from, mail as .eml files, a generated dev webhook secret.
/// </summary>
public sealed class ClerkUserSyncOptions
{
    /// <summary>Gets or sets the port (<c>--port</c>, <c>PORT</c>; default 3000; 0 picks a free one).</summary>
    public int Port { get; set; } = 3000;

    /// <summary>Gets or sets the address to bind (<c>--host</c>, <c>HOST</c>; default 127.0.0.1).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the data directory (<c>--data-dir</c>, <c>CLERK_SYNC_DATA_DIR</c>); absolute after <see cref="FromEnvironment"/>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Gets or sets the Clerk signing secret (<c>CLERK_WEBHOOK_SIGNING_SECRET</c>); null = a dev secret kept in the data directory.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Gets or sets the delay before the trial offer (<c>ONBOARDING_TRIAL_DELAY</c>, e.g. <c>3 days</c>, <c>30s</c>; default 3 days).</summary>
    public TimeSpan TrialOfferDelay { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Gets or sets the sender address of onboarding mail (<c>MAIL_FROM</c>).</summary>
    public string MailFrom { get; set; } = "Steadfast Onboarding <onboarding@example.com>";

    /// <summary>Gets the SMTP settings.</summary>
    public SmtpSettings Smtp { get; } = new();

    /// <summary>Gets or sets a fixed retry delay for failed steps (tests); null = Inngest's backoff table.</summary>
    public TimeSpan? RetryInterval { get; set; }

    /// <summary>
    /// Gets or sets an external <c>steadfast dev</c> server (<c>--server-url</c>, <c>STEADFAST_SERVER_URL</c>, e.g.
    /// <c>http://localhost:8288</c>). Null (the default): the engine runs embedded in this process. Set: this app serves
    /// its functions at <see cref="ClerkUserSyncApp.ServePath"/>, syncs them with that server at start-up and forwards
    /// webhooks to the server's event API.
    /// </summary>
    public Uri? ServerUrl { get; set; }

    /// <summary>
    /// Gets or sets the signing key of an external <c>steadfast start</c> (or Inngest) server (<c>--signing-key</c>,
    /// <c>INNGEST_SIGNING_KEY</c>, <c>STEADFAST_SIGNING_KEY</c>). Null: the server is a dev server (no signatures). Set:
    /// calls from the server must be signed with it, responses and the sync are signed, and <see cref="EventKey"/> is required.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Gets or sets the event key for the external server's event API (<c>--event-key</c>, <c>INNGEST_EVENT_KEY</c>, <c>STEADFAST_EVENT_KEY</c>).</summary>
    public string? EventKey { get; set; }

    /// <summary>
    /// Gets or sets the users database (<c>--users-db</c>, <c>USERS_DATABASE_URL</c>): a <c>postgres://</c> URL or an Npgsql
    /// connection string for PostgreSQL, or a SQLite file path. Null (the default): the SQLite file <see cref="UsersDatabasePath"/>.
    /// </summary>
    public string? UsersDatabaseUrl { get; set; }

    /// <summary>Gets the default users database file (SQLite), <c>users.db</c> in the data directory.</summary>
    public string UsersDatabasePath => Path.Combine(DataDirectory, "users.db");

    /// <summary>Gets the directory of .eml files.</summary>
    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    /// <summary>Gets the engine's SQLite directory.</summary>
    public string EngineDirectory => Path.Combine(DataDirectory, "steadfast");

    /// <summary>
    /// Reads flags and environment variables. Relative paths resolve against the directory the command was run from
    /// (<c>PWD</c>, because <c>dotnet run</c> starts a web project in its project folder), never the project folder.
    /// </summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>The options.</returns>
    public static ClerkUserSyncOptions FromEnvironment(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var flags = ParseFlags(args);
        string? Get(string flag, string env) => flags.TryGetValue(flag, out var v) ? v : Environment.GetEnvironmentVariable(env) is { Length: > 0 } e ? e : null;

        var options = new ClerkUserSyncOptions();
        if (Get("--port", "PORT") is { } port)
        {
            options.Port = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= 65535
                ? p
                : throw new ArgumentException($"--port/PORT must be a number between 0 and 65535, got '{port}'");
        }

        options.Host = Get("--host", "HOST") ?? options.Host;
        options.DataDirectory = Path.GetFullPath(Get("--data-dir", "CLERK_SYNC_DATA_DIR") ?? "data", CallerDirectory());
        options.SigningSecret = Get("--secret", "CLERK_WEBHOOK_SIGNING_SECRET");
        if (Get("--trial-delay", "ONBOARDING_TRIAL_DELAY") is { } delay)
        {
            options.TrialOfferDelay = Durations.TryParse(delay, out var d, out var error) ? d : throw new ArgumentException($"ONBOARDING_TRIAL_DELAY: {error}");
        }

        options.MailFrom = Get("--mail-from", "MAIL_FROM") ?? options.MailFrom;
        options.Smtp.Host = Get("--smtp-host", "SMTP_HOST");
        if (Get("--smtp-port", "SMTP_PORT") is { } smtpPort)
        {
            options.Smtp.Port = int.Parse(smtpPort, CultureInfo.InvariantCulture);
        }

        options.Smtp.Username = Get("--smtp-username", "SMTP_USERNAME");
        options.Smtp.Password = Get("--smtp-password", "SMTP_PASSWORD");
        options.Smtp.Security = Get("--smtp-security", "SMTP_SECURITY") ?? options.Smtp.Security;
        if (Get("--server-url", "STEADFAST_SERVER_URL") is { } server)
        {
            options.ServerUrl = Uri.TryCreate(server, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
                ? u
                : throw new ArgumentException($"--server-url/STEADFAST_SERVER_URL must be an http(s) URL such as http://localhost:8288, got '{server}'");
        }

        options.SigningKey = Get("--signing-key", "INNGEST_SIGNING_KEY") ?? Get("--signing-key", "STEADFAST_SIGNING_KEY");
        options.EventKey = Get("--event-key", "INNGEST_EVENT_KEY") ?? Get("--event-key", "STEADFAST_EVENT_KEY");
        if (options.SigningKey is not null && options.ServerUrl is null)
        {
            throw new ArgumentException("--signing-key is for an external server: set --server-url too (the embedded engine needs no key)");
        }

        if (options.SigningKey is not null && options.EventKey is null)
        {
            throw new ArgumentException("--signing-key needs --event-key (INNGEST_EVENT_KEY): the webhook forwards events to the server's event API with it");
        }

        if (Get("--users-db", "USERS_DATABASE_URL") is { } users)
        {
            // A relative SQLite path resolves like --data-dir, against the caller's directory.
            options.UsersDatabaseUrl = ClerkUserSync.Data.PostgresUsersDatabase.Recognizes(users) ? users : Path.GetFullPath(users, CallerDirectory());
        }

        return options;
    }

    /// <summary>The directory the user ran the command from: <c>PWD</c> when it names a real directory, else the current one.</summary>
    /// <returns>An absolute path.</returns>
    public static string CallerDirectory() =>
        Environment.GetEnvironmentVariable("PWD") is { Length: > 0 } pwd && Path.IsPathFullyQualified(pwd) && Directory.Exists(pwd) ? pwd : Environment.CurrentDirectory;

    private static Dictionary<string, string> ParseFlags(string[] args)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{a}'");
            }

            var eq = a.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                flags[a[..eq]] = a[(eq + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                flags[a] = args[++i];
            }
            else
            {
                throw new ArgumentException($"{a} needs a value");
            }
        }

        return flags;
    }
}
