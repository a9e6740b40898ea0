using Steadfast.Engine;

namespace Steadfast.Server.AspNetCore;

/// <summary>Server options. Environment variables mirror the CLI flags (<c>STEADFAST_PORT</c>, ...).</summary>
public sealed class SteadfastServerOptions
{
    /// <summary>Dev or start mode. Default dev.</summary>
    public ServerMode Mode { get; set; } = ServerMode.Dev;

    /// <summary>Directory of the SQLite database. Default <c>./.steadfast</c>.</summary>
    public string SqliteDirectory { get; set; } = ".steadfast";

    /// <summary>Signing key (<c>signkey-prod-&lt;hex&gt;</c>); required in start mode.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Accepted event keys; required in start mode. Dev mode accepts any key.</summary>
    public IList<string> EventKeys { get; } = [];

    /// <summary>Largest request body on the event API, in bytes. Default 16 MiB.</summary>
    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Engine settings.</summary>
    public EngineOptions Engine { get; } = new();

    /// <summary>The <c>X-Inngest-Server-Kind</c> value.</summary>
    public string ServerKind => Mode == ServerMode.Dev ? "dev" : "cloud";

    /// <summary>Checks the options at start-up.</summary>
    public void Validate()
    {
        Engine.Validate();
        if (Mode == ServerMode.Start)
        {
            if (string.IsNullOrWhiteSpace(SigningKey))
            {
                throw new InvalidOperationException("start mode needs --signing-key (or STEADFAST_SIGNING_KEY).");
            }

            if (EventKeys.Count == 0)
            {
                throw new InvalidOperationException("start mode needs at least one --event-key (or STEADFAST_EVENT_KEY).");
            }
        }
    }
}
