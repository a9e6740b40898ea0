using Microsoft.Extensions.Configuration;
using Steadfast.Protocol.Signing;

namespace Steadfast.Sdk.AspNetCore;

/// <summary>The serve options with environment defaults applied and keys parsed, fixed at start-up.</summary>
internal sealed class ServeSettings
{
    internal const string DefaultDevOrigin = "http://localhost:8288";
    internal const string DefaultCloudApiOrigin = "https://api.inngest.com";
    internal const string DefaultCloudEventOrigin = "https://inn.gs";
    internal const string NoEventKey = "NO_EVENT_KEY_SET";

    public required bool IsDev { get; init; }

    public required Uri ApiBaseUrl { get; init; }

    public required Uri EventApiBaseUrl { get; init; }

    public SigningKey? SigningKey { get; init; }

    public SigningKey? SigningKeyFallback { get; init; }

    public string? EventKey { get; init; }

    public string? ServeOrigin { get; init; }

    public string? ServePath { get; init; }

    public string? Env { get; init; }

    public bool AllowInBandSync { get; init; } = true;

    public bool EnableUnauthenticatedSync { get; init; } = true;

    public string? AppVersion { get; init; }

    public int EventSendAttempts { get; init; } = 5;

    public TimeSpan EventSendBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public string Mode => IsDev ? "dev" : "cloud";

    /// <summary>The keys that may verify a request, primary first.</summary>
    public SigningKey?[] Keys => [SigningKey, SigningKeyFallback];

    /// <summary>Applies environment defaults (explicit options win) and validates the result.</summary>
    /// <exception cref="InvalidOperationException">A key or URL is malformed.</exception>
    public static ServeSettings Resolve(SteadfastServeOptions options, IConfiguration? configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? Env(string name)
        {
            // A host's configuration already includes the environment; without one, read the environment directly.
            var value = configuration is not null
                ? configuration["INNGEST_" + name] ?? configuration["STEADFAST_" + name]
                : Environment.GetEnvironmentVariable("INNGEST_" + name) ?? Environment.GetEnvironmentVariable("STEADFAST_" + name);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        var (devFromEnv, devOrigin) = ParseDev(Env("DEV"));
        var isDev = options.Dev ?? devFromEnv ?? false;
        var baseUrl = options.BaseUrl ?? ParseUri(Env("BASE_URL"), "INNGEST_BASE_URL");
        var fallback = isDev ? devOrigin ?? new Uri(DefaultDevOrigin) : null;
        var api = options.ApiBaseUrl ?? ParseUri(Env("API_BASE_URL"), "INNGEST_API_BASE_URL") ?? baseUrl ?? fallback ?? new Uri(DefaultCloudApiOrigin);
        var events = options.EventApiBaseUrl ?? ParseUri(Env("EVENT_API_BASE_URL"), "INNGEST_EVENT_API_BASE_URL") ?? baseUrl ?? fallback ?? new Uri(DefaultCloudEventOrigin);

        return new ServeSettings
        {
            IsDev = isDev,
            ApiBaseUrl = api,
            EventApiBaseUrl = events,
            SigningKey = ParseKey(options.SigningKey ?? Env("SIGNING_KEY"), "signing key"),
            SigningKeyFallback = ParseKey(options.SigningKeyFallback ?? Env("SIGNING_KEY_FALLBACK"), "fallback signing key"),
            EventKey = options.EventKey ?? Env("EVENT_KEY"),
            ServeOrigin = (options.ServeOrigin ?? Env("SERVE_ORIGIN"))?.TrimEnd('/'),
            ServePath = options.ServePath ?? Env("SERVE_PATH"),
            Env = options.Env ?? Env("ENV"),
            AllowInBandSync = options.AllowInBandSync ?? ParseBool(Env("ALLOW_IN_BAND_SYNC")) ?? true,
            EnableUnauthenticatedSync = options.EnableUnauthenticatedSync ?? ParseBool(Env("ENABLE_UNAUTHED_SYNC")) ?? true,
            AppVersion = options.AppVersion,
            EventSendAttempts = options.EventSendAttempts >= 1 ? options.EventSendAttempts : throw new InvalidOperationException("SteadfastServeOptions.EventSendAttempts must be at least 1."),
            EventSendBackoff = options.EventSendBackoff >= TimeSpan.Zero ? options.EventSendBackoff : throw new InvalidOperationException("SteadfastServeOptions.EventSendBackoff must not be negative."),
        };
    }

    /// <summary>Reads <c>INNGEST_DEV</c>: <c>1/true</c> → dev, <c>0/false</c> → cloud, a URL (scheme optional) → dev there.</summary>
    internal static (bool? IsDev, Uri? Origin) ParseDev(string? value)
    {
        if (value is null)
        {
            return (null, null);
        }

        if (value is "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return (true, null);
        }

        if (value is "0" || value.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return (false, null);
        }

        var text = value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
            ? (true, uri)
            : throw new InvalidOperationException($"INNGEST_DEV must be 1, 0, true, false or a URL; got '{value}'.");
    }

    private static Uri? ParseUri(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"{name} must be an absolute URL; got '{value}'.");
    }

    private static bool? ParseBool(string? value) => value switch
    {
        null => null,
        "1" => true,
        "0" => false,
        _ when bool.TryParse(value, out var b) => b,
        _ => null,
    };

    private static SigningKey? ParseKey(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Protocol.Signing.SigningKey.TryParse(value, out var key, out var error)
            ? key
            : throw new InvalidOperationException($"The {what} is invalid: {error}.");
    }

    /// <summary>Joins <paramref name="origin"/> and a path that starts with '/'.</summary>
    internal static Uri Combine(Uri origin, string path) => new(origin.GetLeftPart(UriPartial.Authority) + origin.AbsolutePath.TrimEnd('/') + path);
}
