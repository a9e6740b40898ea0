using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Steadfast.Protocol.Signing;
using Steadfast.Sdk.AspNetCore.Api;

namespace Steadfast.Sdk.AspNetCore;

/// <summary>
/// The serve endpoint: GET introspection (reference §2.5), PUT sync (§2.1–2.3), POST calls and the trust probe
/// (§2.6, §3, §4). One instance per app; stateless between requests.
/// </summary>
internal sealed partial class ServeEndpoint
{
    private readonly FunctionRegistry _registry;
    private readonly SteadfastCallHandler _handler;
    private readonly ServeSettings _settings;
    private readonly ServerApiClient _api;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ServeEndpoint(FunctionRegistry registry, SteadfastCallHandler handler, ServeSettings settings, ServerApiClient api, TimeProvider time, ILogger<ServeEndpoint> logger)
    {
        _registry = registry;
        _handler = handler;
        _settings = settings;
        _api = api;
        _time = time;
        _logger = logger;
    }

    public ServeSettings Settings => _settings;

    public int FunctionCount => _registry.All.Count();

    public ILogger Logger => _logger;

    /// <summary>Dispatches by method; 405 for anything but GET, PUT and POST.</summary>
    public Task HandleAsync(HttpContext http)
    {
        var method = http.Request.Method;
        if (!_settings.IsDev && _settings.SigningKey is null &&
            (HttpMethods.IsGet(method) || HttpMethods.IsPut(method) || HttpMethods.IsPost(method)))
        {
            return ServeResponse.MissingSigningKeyAsync(http, _time);
        }

        if (HttpMethods.IsGet(method))
        {
            return IntrospectAsync(http);
        }

        if (HttpMethods.IsPut(method))
        {
            return SyncAsync(http);
        }

        if (HttpMethods.IsPost(method))
        {
            return CallAsync(http);
        }

        http.Response.Headers.Allow = "GET, PUT, POST";
        return ServeResponse.MessageAsync(http, StatusCodes.Status405MethodNotAllowed, "Method not allowed", _time);
    }

    /// <summary>Reads the whole request body; the signature covers its exact bytes.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>In dev mode nothing is verified; in cloud mode returns the verifying key or null.</summary>
    private SigningKey? Verify(HttpContext http, ReadOnlySpan<byte> body, out bool verified)
    {
        if (_settings.IsDev)
        {
            verified = true;
            return null;
        }

        var header = http.Request.Headers[ServeHeaders.Signature].ToString();
        var key = RequestVerifier.Verify(_settings, header, body, _time.GetUtcNow(), out var error);
        verified = key is not null;
        if (key is null && header.Length > 0)
        {
            ServeLog.SignatureRejected(_logger, http.Request.Method, error);
        }

        return key;
    }

    /// <summary>The URL this endpoint registers as: configured origin/path, else the request's own.</summary>
    private string ServeUrl(HttpRequest request)
    {
        var origin = _settings.ServeOrigin ?? $"{request.Scheme}://{request.Host}";
        var path = _settings.ServePath ?? (request.PathBase + request.Path).ToString();
        if (path.Length > 0 && path[0] != '/')
        {
            path = "/" + path;
        }

        return origin + path;
    }
}
