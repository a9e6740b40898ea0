using Steadfast.Engine;

namespace Steadfast.Server.AspNetCore;

/// <summary>Server options. Environment variables mirror the CLI flags (<c>STEADFAST_PORT</c>, ...).</summary>
public sealed class SteadfastServerOptions
{
    /// <summary>Dev or start mode. Default dev.</summary>
    public ServerMode Mode { get; set; } = ServerMode.Dev;

    /// <summary>Directory of the SQLite database. Default <c>./.steadfast</c>.</summary>
    public string SqliteDirectory { get; set; } = ".steadfast";

    /// <summary>
    /// PostgreSQL instead of SQLite (<c>--postgres-uri</c>, <c>STEADFAST_POSTGRES_URI</c>): an Npgsql connection string or a
    /// <c>postgres://user:password@host:port/database</c> URI. Several servers may share one database; a dead server's
    /// work moves to the others when its leases (<see cref="EngineOptions.LeaseDuration"/>) expire. Default null (SQLite).
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The PostgreSQL schema holding Steadfast's tables (created when missing). Default <c>steadfast</c>.</summary>
    public string PostgresSchema { get; set; } = "steadfast";

    /// <summary>
    /// History retention (<c>--retention 7d</c>, <c>STEADFAST_RETENTION</c>): ended runs, their steps and history, and
    /// old events are deleted in small batches once they are this old. Default null: keep everything.
    /// </summary>
    public Steadfast.Engine.Retention.RetentionOptions Retention { get; } = new();

    /// <summary>Signing key (<c>signkey-prod-&lt;hex&gt;</c>); required in start mode.</summary>
    public string? SigningKey { get; set; }

    /// <summary>A previous signing key still accepted from SDKs during a key rotation (<c>--signing-key-fallback</c>).</summary>
    public string? SigningKeyFallback { get; set; }

    /// <summary>App serve URLs synced at start and every <see cref="PollInterval"/> until synced (<c>-u/--sdk-url</c>).</summary>
    public IList<string> SdkUrls { get; } = [];

    /// <summary>Dev mode: look for apps on the usual local ports until one is synced. Default true (<c>--no-discovery</c> disables).</summary>
    public bool Discovery { get; set; } = true;

    /// <summary>How often <see cref="SdkUrls"/> are retried and ports probed. Default 5 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Accepted event keys; required in start mode. Dev mode accepts any key.</summary>
    public IList<string> EventKeys { get; } = [];

    /// <summary>Largest request body on the event API, in bytes. Default 16 MiB.</summary>
    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Webhook sources hosted by the server (<c>--webhook</c>, <c>--webhooks FILE.json</c>): each listens on
    /// <c>POST /webhooks/{name}</c>, verifies, transforms and commits deliveries before answering 2xx. No event key is
    /// needed for them, in start mode either. Validated by <c>AddSteadfastServer</c>. Default none.
    /// </summary>
    public IList<Webhooks.WebhookSourceOptions> WebhookSources { get; } = [];

    /// <summary>Engine settings.</summary>
    public EngineOptions Engine { get; } = new();

    /// <summary>The <c>X-Inngest-Server-Kind</c> value.</summary>
    public string ServerKind => Mode == ServerMode.Dev ? "dev" : "cloud";

    /// <summary>Checks the options at start-up.</summary>
    public void Validate()
    {
        Engine.Validate();
        Retention.Validate();
        if (SigningKeyFallback is { Length: > 0 } && !Protocol.Signing.SigningKey.TryParse(SigningKeyFallback, out _, out var fallbackError))
        {
            throw new InvalidOperationException($"--signing-key-fallback: {fallbackError}.");
        }

        if (Mode == ServerMode.Dev && SigningKey is { Length: > 0 } && !Protocol.Signing.SigningKey.TryParse(SigningKey, out _, out var devKeyError))
        {
            throw new InvalidOperationException($"--signing-key: {devKeyError}.");
        }

        if (PollInterval < TimeSpan.FromMilliseconds(100))
        {
            throw new InvalidOperationException("The poll interval must be at least 100 ms.");
        }

        foreach (var url in SdkUrls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"--sdk-url '{url}' is not an absolute http(s) URL.");
            }
        }
        if (Mode == ServerMode.Start)
        {
            if (string.IsNullOrWhiteSpace(SigningKey))
            {
                throw new InvalidOperationException("start mode needs --signing-key (or STEADFAST_SIGNING_KEY).");
            }

            if (!Protocol.Signing.SigningKey.TryParse(SigningKey, out _, out var keyError))
            {
                throw new InvalidOperationException($"--signing-key: {keyError}.");
            }

            if (EventKeys.Count == 0)
            {
                throw new InvalidOperationException("start mode needs at least one --event-key (or STEADFAST_EVENT_KEY).");
            }
        }
    }
}
