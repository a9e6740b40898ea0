using Steadfast.Protocol.Signing;

namespace Steadfast.Engine.Drivers.Http;

/// <summary>Settings of the HTTP driver that calls functions served by SDKs (reference §3).</summary>
public sealed class HttpDriverOptions
{
    /// <summary>The key every call is signed with (<c>X-Inngest-Signature</c>); null sends unsigned calls (dev mode).</summary>
    public SigningKey? SigningKey { get; init; }

    /// <summary>
    /// Call bodies larger than this are sent with empty <c>events</c>/<c>steps</c> and <c>use_api: true</c>, and the SDK
    /// fetches them from <c>/v0/runs/{id}/batch</c> and <c>/actions</c>. Default 4 MiB (Inngest's <c>MaxSDKRequestBodySize</c>).
    /// </summary>
    public int MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest response read from an SDK. Default 32 MiB.</summary>
    public int MaxResponseBytes { get; init; } = 32 * 1024 * 1024;
}
