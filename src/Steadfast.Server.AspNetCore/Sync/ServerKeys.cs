using Steadfast.Protocol.Signing;

namespace Steadfast.Server.AspNetCore.Sync;

/// <summary>The parsed signing keys: primary (signs calls) and fallback (also accepted).</summary>
internal sealed class ServerKeys(SteadfastServerOptions options)
{
    public SigningKey? Primary { get; } = options.SigningKey is { Length: > 0 } k ? SigningKey.Parse(k) : null;

    public SigningKey? Fallback { get; } = options.SigningKeyFallback is { Length: > 0 } f ? SigningKey.Parse(f) : null;

    /// <summary>True when API callers must present a bearer token (start mode).</summary>
    public bool RequireBearer { get; } = options.Mode == ServerMode.Start;

    public SigningKey?[] All => [Primary, Fallback];

    public bool Authorize(string? authorization) => !RequireBearer || BearerAuthenticator.IsAuthorized(authorization, All);
}
