using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Steadfast.Server.AspNetCore.Sync;

namespace Steadfast.Server.AspNetCore.Endpoints.Operations;

/// <summary>
/// Who may use the dashboard and the operations API (<c>/v1</c> endpoints the dashboard calls):
/// <list type="bullet">
/// <item>dev mode: loopback connections only, addressed by a loopback host name (refuses DNS rebinding);</item>
/// <item>start mode: <c>Authorization: Bearer &lt;signing key&gt;</c> (raw or hashed, as SDKs send it), or HTTP Basic
/// with any user name and the password <c>STEADFAST_DASHBOARD_PASSWORD</c> (when set) or the signing key;</item>
/// <item>every state-changing request (not GET/HEAD) must carry <c>X-Steadfast-Action: 1</c> and, when the browser sends
/// an <c>Origin</c>, come from the server's own origin. A cross-site form cannot set a custom header, and a cross-site
/// <c>fetch</c> with one needs a CORS preflight the server never grants.</item>
/// </list>
/// </summary>
internal sealed class DashboardAccess(SteadfastServerOptions options, ServerKeys keys, string? password)
{
    public const string ActionHeader = "X-Steadfast-Action";

    /// <summary>The password from <c>STEADFAST_DASHBOARD_PASSWORD</c>, or null.</summary>
    public static string? PasswordFromEnvironment() =>
        Environment.GetEnvironmentVariable("STEADFAST_DASHBOARD_PASSWORD") is { Length: > 0 } p ? p : null;

    /// <summary>An endpoint filter applying <see cref="Check"/>.</summary>
    public async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var refusal = Check(context.HttpContext);
        if (refusal is not null)
        {
            await refusal(context.HttpContext).ConfigureAwait(false);
            return null;
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// A middleware applying the identity rule (not the action header) to the REST read API mapped elsewhere
    /// (<c>/v1/events…</c>, <c>/v1/runs…</c>, including <c>DELETE /v1/runs/{id}</c>, which browsers cannot send
    /// cross-site without a preflight), so run and event data is never open to anyone the dashboard refuses.
    /// </summary>
    public async Task GuardRestApiAsync(HttpContext http, Func<Task> next)
    {
        var path = http.Request.Path;
        if ((path.StartsWithSegments("/v1/events") || path.StartsWithSegments("/v1/runs")) && CheckIdentity(http) is { } refusal)
        {
            await refusal(http).ConfigureAwait(false);
            return;
        }

        await next().ConfigureAwait(false);
    }

    /// <summary>Null when the request may proceed; otherwise the response that refuses it.</summary>
    public Func<HttpContext, Task>? Check(HttpContext http)
    {
        if (CheckIdentity(http) is { } refusal)
        {
            return refusal;
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            if (http.Request.Headers[ActionHeader] != "1")
            {
                return h => JsonWriting.ErrorAsync(h, 403, $"state-changing requests need the header {ActionHeader}: 1 (protection against cross-site requests)");
            }

            if (http.Request.Headers.Origin is { Count: > 0 } origin && !SameOrigin(origin.ToString(), http.Request))
            {
                return h => JsonWriting.ErrorAsync(h, 403, "cross-origin request refused");
            }
        }

        return null;
    }

    /// <summary>Dev: loopback only; start: a credential. Null when the caller may proceed.</summary>
    private Func<HttpContext, Task>? CheckIdentity(HttpContext http)
    {
        if (options.Mode == ServerMode.Dev)
        {
            if (!IsLoopback(http))
            {
                return h => JsonWriting.ErrorAsync(h, 403, "the dev server's dashboard and operations API answer local requests only");
            }
        }
        else if (!IsAuthorized(http.Request.Headers.Authorization))
        {
            return h =>
            {
                h.Response.Headers.WWWAuthenticate = "Basic realm=\"Steadfast\", charset=\"UTF-8\"";
                return JsonWriting.ErrorAsync(h, 401, "the dashboard needs a credential: Basic auth with the dashboard password (or the signing key), or Authorization: Bearer <signing key>");
            };
        }

        return null;
    }

    private static bool IsLoopback(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is not null && !IPAddress.IsLoopback(remote))
        {
            return false;
        }

        var host = http.Request.Host.Host;
        return host.Length == 0
            || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var o)
        && string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    private bool IsAuthorized(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return false;
        }

        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return keys.Authorize(authorization);
        }

        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var given = colon < 0 ? decoded : decoded[(colon + 1)..];
        return (password is not null && FixedEquals(given, password))
            || (options.SigningKey is { Length: > 0 } key && (FixedEquals(given, key) || keys.Authorize("Bearer " + given)));
    }

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
