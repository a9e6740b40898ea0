using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Steadfast.Engine.Functions;
using Steadfast.Server.AspNetCore.Sync;

namespace Steadfast.Server.AspNetCore.Endpoints;

/// <summary>
/// <c>GET /dev</c> (the v3 SDK's "is a dev server running?" probe and the JS test helpers' function list, reference
/// §9.10) and the app list/sync API.
/// </summary>
internal static class DevEndpoints
{
    public static Task InfoAsync(HttpContext http, FunctionCatalog catalog, AppRegistry apps, SteadfastServerOptions options) =>
        JsonWriting.WriteAsync(http, 200, w =>
        {
            var urls = apps.Apps.ToDictionary(a => a.AppId, StringComparer.Ordinal);
            w.WriteStartObject();
            w.WriteString("version", "steadfast-0.1.0");
            w.WriteBoolean("authed", false);
            w.WriteStartObject("startOpts");
            w.WriteString("dir", options.SqliteDirectory);
            w.WriteStartArray("urls");
            foreach (var u in options.SdkUrls)
            {
                w.WriteStringValue(u);
            }

            w.WriteEndArray();
            w.WriteBoolean("autodiscover", options.Discovery && options.Mode == ServerMode.Dev);
            w.WriteBoolean("poll", true);
            w.WriteNumber("poll_interval", (int)options.PollInterval.TotalSeconds);
            w.WriteEndObject();
            w.WriteBoolean("isSingleNodeService", true);
            w.WriteBoolean("isMissingSigningKey", options.SigningKey is null);
            w.WriteBoolean("isMissingEventKeys", options.EventKeys.Count == 0);
            w.WriteStartObject("features");
            w.WriteEndObject();
            w.WriteStartArray("functions");
            foreach (var f in catalog.All.OrderBy(f => f.Id, StringComparer.Ordinal))
            {
                var url = urls.TryGetValue(f.AppId, out var app) ? app.Functions.FirstOrDefault(c => c.Id == f.Id)?.Steps["step"].Runtime.Url : null;
                WriteFunction(w, f, url);
            }

            w.WriteEndArray();
            w.WriteStartArray("handlers");
            foreach (var app in apps.Apps)
            {
                w.WriteStartObject();
                w.WriteString("app_id", app.AppId);
                w.WriteString("url", app.Url);
                w.WriteString("sdk", app.Sdk);
                w.WriteString("framework", app.Framework);
                w.WriteNumber("function_count", app.Functions.Count);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

    public static Task ListAppsAsync(HttpContext http, AppRegistry apps, TimeProvider time) =>
        JsonWriting.WriteAsync(http, 200, w => JsonWriting.Envelope(w, time, d =>
        {
            d.WriteStartArray();
            foreach (var app in apps.Apps.OrderBy(a => a.AppId, StringComparer.Ordinal))
            {
                d.WriteStartObject();
                d.WriteString("id", app.AppId);
                d.WriteString("url", app.Url);
                d.WriteString("sdk", app.Sdk);
                d.WriteString("framework", app.Framework);
                d.WriteString("checksum", app.Checksum);
                d.WriteString("synced_at", DateTimeOffset.FromUnixTimeMilliseconds(app.SyncedAt));
                d.WriteStartArray("functions");
                foreach (var f in app.Functions)
                {
                    d.WriteStringValue(f.Id);
                }

                d.WriteEndArray();
                d.WriteEndObject();
            }

            d.WriteEndArray();
        }));

    /// <summary><c>POST /v1/apps {"url": …}</c>: PUT-syncs the app at that URL now and answers with the outcome.</summary>
    public static async Task SyncAppAsync(HttpContext http, AppPinger pinger, ServerKeys keys)
    {
        if (!keys.Authorize(http.Request.Headers.Authorization))
        {
            await JsonWriting.ErrorAsync(http, 401, "Unauthorized").ConfigureAwait(false);
            return;
        }

        string? url = null;
        try
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String)
            {
                url = u.GetString();
            }
        }
        catch (JsonException)
        {
        }

        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            await JsonWriting.ErrorAsync(http, 400, "the body must be {\"url\": \"<absolute http(s) serve URL>\"}").ConfigureAwait(false);
            return;
        }

        var result = await pinger.PingAsync(url, http.RequestAborted).ConfigureAwait(false);
        await JsonWriting.WriteAsync(http, result.Ok ? 200 : result.Status is >= 400 and < 600 ? result.Status : 502, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("ok", result.Ok);
            w.WriteNumber("status", result.Status);
            w.WriteBoolean("modified", result.Modified);
            if (result.AppId is not null)
            {
                w.WriteString("app_id", result.AppId);
            }

            if (result.Error is not null)
            {
                w.WriteString("error", result.Error);
            }

            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static void WriteFunction(Utf8JsonWriter w, EngineFunction f, string? url)
    {
        w.WriteStartObject();
        w.WriteString("id", f.Id);
        w.WriteString("slug", f.Id);
        w.WriteString("name", f.Name);
        w.WriteString("app", f.AppId);
        w.WriteStartArray("triggers");
        foreach (var t in f.Triggers)
        {
            w.WriteStartObject();
            if (t.Event is not null)
            {
                w.WriteString("event", t.Event);
            }

            if (t.Expression is not null)
            {
                w.WriteString("expression", t.Expression);
            }

            if (t.Cron is not null)
            {
                w.WriteString("cron", t.Cron);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();

        // The JS repo's helpers read steps.step.runtime.url (the register shape), so /dev uses it too.
        w.WriteStartObject("steps");
        w.WriteStartObject("step");
        w.WriteString("id", "step");
        w.WriteString("name", "step");
        w.WriteStartObject("runtime");
        w.WriteString("type", url is null ? "in-process" : "http");
        w.WriteString("url", url ?? "");
        w.WriteEndObject();
        w.WriteStartObject("retries");
        w.WriteNumber("attempts", f.Retries);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteNumber("retries", f.Retries);
        w.WriteEndObject();
    }
}
