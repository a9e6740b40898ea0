namespace Steadfast.Server.AspNetCore.Webhooks;

/// <summary>
/// One webhook source hosted by the server: deliveries to <c>POST /webhooks/{Name}</c> are read with a size bound,
/// verified, transformed into events and committed before the 2xx answer. Add sources to
/// <see cref="SteadfastServerOptions.WebhookSources"/>; they are validated when <c>AddSteadfastServer</c> runs.
/// </summary>
public sealed class WebhookSourceOptions
{
    /// <summary>The default body limit, 1 MiB.</summary>
    public const int DefaultMaxBodyBytes = 1024 * 1024;

    /// <summary>The <see cref="Transform"/> value of the built-in Clerk transform.</summary>
    public const string ClerkTransform = "clerk";

    /// <summary>The <see cref="Transform"/> value of Inngest's default transform (also used when none is given).</summary>
    public const string DefaultTransform = "default";

    /// <summary>
    /// Gets or sets the source name, the last segment of its URL (<c>/webhooks/{name}</c>): 1–64 lower-case ASCII letters,
    /// digits, <c>-</c>, <c>_</c> or <c>.</c>, starting with a letter or digit. Required; unique among the sources.
    /// </summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// Gets or sets how deliveries are verified. Default <see cref="WebhookVerification.Svix"/>, which needs at least one
    /// <see cref="SigningSecrets"/> entry; <see cref="WebhookVerification.None"/> must be chosen explicitly.
    /// </summary>
    public WebhookVerification Verification { get; set; } = WebhookVerification.Svix;

    /// <summary>
    /// Gets the accepted signing secrets (<c>whsec_...</c>, prefix optional). During a key rotation list the new and the
    /// old secret; a delivery verifies when any signature entry matches any secret. Never shown by the dashboard.
    /// </summary>
    public IList<string> SigningSecrets { get; } = [];

    /// <summary>
    /// Gets or sets the transform: <c>clerk</c> (the built-in Clerk mapping: <c>clerk/&lt;type&gt;</c>, data unchanged,
    /// id = svix-id, ts = the envelope timestamp clamped to now + 5 min), <c>default</c> or null (Inngest's default:
    /// <c>&lt;slug(name)&gt;/</c> + the first of <c>evt.type</c>, <c>evt.name</c>, <c>evt.event_type</c>,
    /// <c>webhook.received</c>; data = <c>evt.data</c> or the body), or the path of a JavaScript file (ending in
    /// <c>.js</c>) in Inngest's format, <c>function transform(evt, headers, queryParams, raw) { return {...} }</c>,
    /// read and compiled once at start-up (a relative path is resolved against the current directory; the sources file
    /// resolves it against the file's own directory). A transform that throws, times out or exceeds its memory answers 400.
    /// </summary>
    public string? Transform { get; set; }

    /// <summary>Gets or sets a JavaScript transform given as source text instead of a file (embedded hosting). Leave <see cref="Transform"/> null then.</summary>
    public string? TransformScript { get; set; }

    /// <summary>Gets or sets the largest accepted body in bytes; larger deliveries get 413 before anything is read past the limit. Default 1 MiB; 1 byte to 64 MiB.</summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>Gets or sets how far a signed timestamp may be from now, either way (Svix verification). Default five minutes; at least one second.</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets the event names the source may commit; a trailing <c>*</c> makes a prefix pattern (<c>clerk/user.*</c>).
    /// Events outside the list are dropped (the delivery is still answered 200 and logged as filtered). Default empty: all.
    /// </summary>
    public IList<string> AllowedEvents { get; } = [];

    /// <summary>
    /// Gets or sets an optional key under which the source is also reachable as <c>POST /e/{key}</c>, the URL shape of
    /// Inngest-hosted webhooks (<c>https://inn.gs/e/&lt;key&gt;</c>). Must not be one of the server's event keys.
    /// Default null.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>Gets or sets the wall-clock limit of one JavaScript transform call; past it the delivery gets 400. Default 100 ms.</summary>
    public TimeSpan TransformTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets how many bytes one JavaScript transform call may allocate; past it the delivery gets 400. Default 16 MiB.</summary>
    public long TransformMemoryLimitBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Creates a Clerk source: Svix verification with the given secrets and the built-in Clerk transform.</summary>
    /// <param name="name">The source name (URL <c>/webhooks/{name}</c>).</param>
    /// <param name="signingSecrets">The endpoint's signing secret from the Clerk dashboard, then any previous one still accepted.</param>
    /// <returns>The options.</returns>
    public static WebhookSourceOptions Clerk(string name, params string[] signingSecrets)
    {
        ArgumentNullException.ThrowIfNull(signingSecrets);
        var options = new WebhookSourceOptions { Name = name, Transform = ClerkTransform };
        foreach (var secret in signingSecrets)
        {
            options.SigningSecrets.Add(secret);
        }

        return options;
    }
}
