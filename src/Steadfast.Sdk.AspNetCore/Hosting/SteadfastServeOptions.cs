namespace Steadfast.Sdk.AspNetCore;

/// <summary>
/// How the serve endpoint talks to the Steadfast (or Inngest) server. Every property left null is read from the
/// environment variables the official SDKs use (<c>INNGEST_DEV</c>, <c>INNGEST_BASE_URL</c>, <c>INNGEST_SIGNING_KEY</c>, ...,
/// or their <c>STEADFAST_</c> twins) through <c>IConfiguration</c>; explicit values win.
/// </summary>
public sealed class SteadfastServeOptions
{
    /// <summary>
    /// Dev mode (no signatures, default server <c>http://localhost:8288</c>) or cloud mode (signed requests and
    /// responses, a signing key is required). Null: dev when <c>INNGEST_DEV</c> or <c>STEADFAST_DEV</c> is <c>1</c>,
    /// <c>true</c> or a URL; cloud otherwise (as the official v4 SDK).
    /// </summary>
    public bool? Dev { get; set; }

    /// <summary>
    /// Origin of the server for both its API (<c>/fn/register</c>, <c>/v0/runs</c>) and its event API (<c>/e/{key}</c>).
    /// Null: <c>INNGEST_BASE_URL</c>, then the URL in <c>INNGEST_DEV</c>, then <c>http://localhost:8288</c> in dev mode
    /// or <c>https://api.inngest.com</c> in cloud mode.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Origin of the API only; wins over <see cref="BaseUrl"/>. Null: <c>INNGEST_API_BASE_URL</c>.</summary>
    public Uri? ApiBaseUrl { get; set; }

    /// <summary>
    /// Origin of the event API only; wins over <see cref="BaseUrl"/>. Null: <c>INNGEST_EVENT_API_BASE_URL</c>, cloud
    /// default <c>https://inn.gs</c>.
    /// </summary>
    public Uri? EventApiBaseUrl { get; set; }

    /// <summary>Signing key <c>signkey-&lt;env&gt;-&lt;hex&gt;</c>; required in cloud mode. Null: <c>INNGEST_SIGNING_KEY</c>.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Previous signing key accepted during rotation. Null: <c>INNGEST_SIGNING_KEY_FALLBACK</c>.</summary>
    public string? SigningKeyFallback { get; set; }

    /// <summary>
    /// Event key for <c>POST /e/{key}</c>. Null: <c>INNGEST_EVENT_KEY</c>; in dev mode without one,
    /// <c>NO_EVENT_KEY_SET</c> is used; in cloud mode sending events then throws.
    /// </summary>
    public string? EventKey { get; set; }

    /// <summary>
    /// Public origin of this app (<c>https://app.example.com</c>) used in the URLs it registers, for proxies and
    /// containers. Null: <c>INNGEST_SERVE_ORIGIN</c>, then the scheme and host of the incoming request.
    /// </summary>
    public string? ServeOrigin { get; set; }

    /// <summary>Public path of the endpoint. Null: <c>INNGEST_SERVE_PATH</c>, then the path of the incoming request.</summary>
    public string? ServePath { get; set; }

    /// <summary>Environment (branch) name sent as <c>x-inngest-env</c>. Null: <c>INNGEST_ENV</c>.</summary>
    public string? Env { get; set; }

    /// <summary>
    /// Whether a PUT with <c>x-inngest-sync-kind: in_band</c> is answered with the config in-band. Null:
    /// <c>INNGEST_ALLOW_IN_BAND_SYNC</c>, default true.
    /// </summary>
    public bool? AllowInBandSync { get; set; }

    /// <summary>
    /// Whether an unsigned PUT may trigger an out-of-band sync in cloud mode (it only makes the app call its own
    /// configured server). Null: <c>INNGEST_ENABLE_UNAUTHED_SYNC</c>, default true.
    /// </summary>
    public bool? EnableUnauthenticatedSync { get; set; }

    /// <summary>Optional app version reported at sync (<c>appVersion</c>).</summary>
    public string? AppVersion { get; set; }

    /// <summary>Attempts of an event send on transient failures (network errors, 429, 5xx). Default 5.</summary>
    public int EventSendAttempts { get; set; } = 5;

    /// <summary>First delay between event send attempts, doubled each time. Default 100 ms.</summary>
    public TimeSpan EventSendBackoff { get; set; } = TimeSpan.FromMilliseconds(100);
}
