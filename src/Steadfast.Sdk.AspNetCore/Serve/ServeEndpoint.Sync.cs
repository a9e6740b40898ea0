using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Steadfast.Protocol.Json;
using Steadfast.Protocol.Signing;
using Steadfast.Protocol.Sync;
using Steadfast.Sdk.AspNetCore.Api;
using Steadfast.Sdk.AspNetCore.Sync;

namespace Steadfast.Sdk.AspNetCore;

/// <summary>PUT: out-of-band sync through <c>/fn/register</c>, or in-band sync in the response (reference §2.1–2.3).</summary>
internal sealed partial class ServeEndpoint
{
    private async Task SyncAsync(HttpContext http)
    {
        var body = await ReadBodyAsync(http).ConfigureAwait(false);
        var key = Verify(http, body, out var verified);
        var inBand = _settings.AllowInBandSync &&
            string.Equals(http.Request.Headers[ServeHeaders.SyncKind].ToString(), "in_band", StringComparison.OrdinalIgnoreCase);

        if (inBand)
        {
            // In-band sync hands the config to the caller, so the caller must prove it holds the signing key.
            if (!verified)
            {
                await ServeResponse.UnauthorizedAsync(http).ConfigureAwait(false);
                return;
            }

            await SyncInBandAsync(http, body, key).ConfigureAwait(false);
            return;
        }

        if (!verified && !_settings.EnableUnauthenticatedSync)
        {
            await ServeResponse.UnauthorizedAsync(http).ConfigureAwait(false);
            return;
        }

        await SyncOutOfBandAsync(http, key).ConfigureAwait(false);
    }

    private async Task SyncOutOfBandAsync(HttpContext http, SigningKey? key)
    {
        var serveUrl = ServeUrl(http.Request);
        var deployId = http.Request.Query["deployId"].ToString();
        var register = new RegisterRequest
        {
            Url = serveUrl,
            DeployType = "ping",
            Framework = ServeHeaders.Framework,
            AppName = _registry.AppId,
            AppVersion = _settings.AppVersion,
            Functions = FunctionConfigs.Build(_registry, serveUrl),
            Sdk = SdkIdentity.Name,
            V = "0.1",
            DeployId = deployId.Length > 0 ? deployId : null,
            Capabilities = FunctionConfigs.Capabilities(),
        };

        var serverKind = http.Request.Headers[ServeHeaders.ServerKind].ToString();
        RegisterResult result;
        try
        {
            result = await _api.RegisterAsync(register, serverKind.Length > 0 ? serverKind : null, http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !http.RequestAborted.IsCancellationRequested)
        {
            ServeLog.SyncFailed(_logger, ex, _api.RegisterUrl);
            http.Response.Headers[ServeHeaders.SyncKind] = "out_of_band";
            await ServeResponse.WriteJsonAsync(http, StatusCodes.Status500InternalServerError, w =>
            {
                w.WriteStartObject();
                w.WriteString("message", $"Failed to register with {_api.RegisterUrl}: {ex.Message}");
                w.WriteBoolean("modified", false);
                w.WriteEndObject();
            }, key, _time).ConfigureAwait(false);
            return;
        }

        ServeLog.Synced(_logger, register.Functions.Count, _api.RegisterUrl, serveUrl, result.Status, result.Modified);
        http.Response.Headers[ServeHeaders.SyncKind] = "out_of_band";
        await ServeResponse.WriteJsonAsync(http, result.Status, w =>
        {
            w.WriteStartObject();
            w.WriteString("message", result.Message);
            w.WriteBoolean("modified", result.Modified);
            w.WriteEndObject();
        }, key, _time).ConfigureAwait(false);
    }

    private async Task SyncInBandAsync(HttpContext http, byte[] body, SigningKey? key)
    {
        if (!TryReadInBandUrl(body, out var url, out var problem))
        {
            await ServeResponse.WriteJsonAsync(http, StatusCodes.Status400BadRequest, w =>
            {
                w.WriteStartObject();
                w.WriteString("code", "invalid_request");
                w.WriteString("message", problem);
                w.WriteEndObject();
            }, key, _time).ConfigureAwait(false);
            return;
        }

        // An explicit serve origin/path (a proxy in front of the app) wins over what the server thinks our URL is.
        var serveUrl = _settings.ServeOrigin is not null || _settings.ServePath is not null ? ServeUrl(http.Request) : url;
        var authenticated = key is not null;
        var reply = new InBandSyncResponse
        {
            AppId = _registry.AppId,
            AppVersion = _settings.AppVersion,
            Capabilities = FunctionConfigs.Capabilities(),
            Env = _settings.Env,
            Framework = ServeHeaders.Framework,
            Functions = FunctionConfigs.Build(_registry, serveUrl),
            Inspection = JsonSerializer.Deserialize(ServeResponse.Json(w => WriteIntrospection(w, authenticated)), ProtocolJsonContext.Default.JsonElement),
            SdkAuthor = "steadfast",
            SdkLanguage = authenticated ? SdkIdentity.Language : "",
            SdkVersion = authenticated ? SdkIdentity.Version : "",
            Sdk = SdkIdentity.Name,
            Url = serveUrl,
        };

        http.Response.Headers[ServeHeaders.SyncKind] = "in_band";
        var json = JsonSerializer.SerializeToUtf8Bytes(reply, ProtocolJsonContext.Default.InBandSyncResponse);
        await ServeResponse.WriteAsync(http, StatusCodes.Status200OK, json, key, _time).ConfigureAwait(false);
    }

    /// <summary>The in-band request body is strictly <c>{"url": "…"}</c>.</summary>
    private static bool TryReadInBandUrl(byte[] body, out string url, out string problem)
    {
        url = problem = "";
        if (body.Length == 0)
        {
            problem = "An in-band sync request needs a body {\"url\": \"…\"}.";
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "The in-band sync body must be a JSON object {\"url\": \"…\"}.";
                return false;
            }

            foreach (var p in root.EnumerateObject())
            {
                if (p.Name != "url")
                {
                    problem = $"Unexpected property '{p.Name}' in the in-band sync body; only 'url' is allowed.";
                    return false;
                }

                if (p.Value.ValueKind != JsonValueKind.String || !Uri.TryCreate(p.Value.GetString(), UriKind.Absolute, out _))
                {
                    problem = "'url' in the in-band sync body must be an absolute URL string.";
                    return false;
                }

                url = p.Value.GetString()!;
            }
        }
        catch (JsonException ex)
        {
            problem = $"The in-band sync body is not valid JSON: {ex.Message}";
            return false;
        }

        if (url.Length == 0)
        {
            problem = "The in-band sync body needs 'url'.";
            return false;
        }

        return true;
    }
}
