using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Steadfast.Engine.Functions;
using Steadfast.Protocol.Json;
using Steadfast.Server.AspNetCore.Sync;

namespace Steadfast.Server.AspNetCore.Endpoints.Operations;

internal static partial class OperationsEndpoints
{
    /// <summary>
    /// <c>GET /v1/functions</c>: every registered function with its triggers, cancellations, retries, runtime and — for
    /// synced apps — the configuration as the app sent it (flow control included). No store query.
    /// </summary>
    public static Task ListFunctionsAsync(HttpContext http, FunctionCatalog catalog, AppRegistry apps, TimeProvider time)
    {
        var configs = apps.Apps.SelectMany(a => a.Functions.Select(f => (a, f))).ToDictionary(p => p.f.Id, StringComparer.Ordinal);
        return JsonWriting.WriteAsync(http, 200, w => JsonWriting.Envelope(w, time, d =>
        {
            d.WriteStartArray();
            foreach (var f in catalog.All.OrderBy(f => f.Id, StringComparer.Ordinal))
            {
                d.WriteStartObject();
                d.WriteString("id", f.Id);
                d.WriteString("name", f.Name);
                d.WriteString("app_id", f.AppId);
                d.WriteNumber("retries", f.Retries);
                d.WriteStartArray("triggers");
                foreach (var t in f.Triggers)
                {
                    d.WriteStartObject();
                    d.WriteString("event", t.Event);
                    d.WriteString("expression", t.Expression);
                    d.WriteString("cron", t.Cron);
                    d.WriteEndObject();
                }

                d.WriteEndArray();
                d.WriteStartArray("cancel");
                foreach (var c in f.Cancel)
                {
                    d.WriteStartObject();
                    d.WriteString("event", c.Event);
                    d.WriteString("if", c.If);
                    if (c.Timeout is { } timeout)
                    {
                        d.WriteNumber("timeout_ms", (long)timeout.TotalMilliseconds);
                    }

                    d.WriteEndObject();
                }

                d.WriteEndArray();
                if (configs.TryGetValue(f.Id, out var synced))
                {
                    d.WriteString("runtime", "http");
                    d.WriteString("url", synced.f.Steps.TryGetValue("step", out var step) ? step.Runtime.Url : synced.a.Url);
                    d.WritePropertyName("config");
                    JsonSerializer.Serialize(d, synced.f, ProtocolJsonContext.Default.FunctionConfig);
                }
                else
                {
                    d.WriteString("runtime", "in-process");
                    d.WriteNull("url");
                    d.WriteNull("config");
                }

                d.WriteEndObject();
            }

            d.WriteEndArray();
        }));
    }

    /// <summary>
    /// <c>POST /v1/functions/{id}/invoke {"data": {...}}</c>: starts a run of the function now, whatever its triggers, with
    /// an <c>inngest/function.invoked</c> event carrying the data (as <c>step.invoke</c> does).
    /// </summary>
    public static async Task InvokeAsync(HttpContext http, string functionId, RunLauncher launcher, TimeProvider time)
    {
        using var body = await ReadBodyAsync(http).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        if (launcher.Catalog.Get(functionId) is not { } function)
        {
            await JsonWriting.ErrorAsync(http, 404, $"function {functionId} not found").ConfigureAwait(false);
            return;
        }

        var root = body.RootElement;
        var data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var d) ? d : JsonDocument.Parse("{}").RootElement;
        if (data.ValueKind != JsonValueKind.Object)
        {
            await JsonWriting.ErrorAsync(http, 400, "data must be a JSON object").ConfigureAwait(false);
            return;
        }

        var (eventId, runId) = await launcher.InvokeAsync(function, data, http.RequestAborted).ConfigureAwait(false);
        await JsonWriting.WriteAsync(http, 201, w => JsonWriting.Envelope(w, time, o =>
        {
            o.WriteStartObject();
            o.WriteString("event_id", eventId);
            o.WriteString("run_id", runId);
            o.WriteEndObject();
        })).ConfigureAwait(false);
    }

    /// <summary><c>GET /v1/apps/syncs</c>: the latest sync outcome per app URL since start (the <c>-u</c> poller, discovery, the dashboard), newest first.</summary>
    public static Task SyncLogAsync(HttpContext http, SyncAttemptLog log, TimeProvider time) =>
        JsonWriting.WriteAsync(http, 200, w => JsonWriting.Envelope(w, time, d =>
        {
            d.WriteStartArray();
            foreach (var a in log.Latest())
            {
                d.WriteStartObject();
                d.WriteString("url", a.Url);
                d.WriteString("app_id", a.AppId);
                d.WriteString("at", DateTimeOffset.FromUnixTimeMilliseconds(a.At));
                d.WriteBoolean("ok", a.Result.Ok);
                d.WriteNumber("status", a.Result.Status);
                d.WriteBoolean("modified", a.Result.Modified);
                d.WriteString("error", a.Result.Error);
                d.WriteEndObject();
            }

            d.WriteEndArray();
        }));

    /// <summary><c>POST /v1/apps/{id}/resync</c>: syncs the app again from its URL now and answers with the outcome.</summary>
    public static async Task ResyncAsync(HttpContext http, string appId, AppRegistry apps, AppPinger pinger, SyncAttemptLog log, TimeProvider time)
    {
        var app = apps.Apps.FirstOrDefault(a => a.AppId == appId);
        if (app is null)
        {
            await JsonWriting.ErrorAsync(http, 404, $"app {appId} not found").ConfigureAwait(false);
            return;
        }

        var result = await pinger.PingAsync(app.Url, http.RequestAborted).ConfigureAwait(false);
        log.Record(new SyncAttemptLog.Attempt(app.Url, appId, time.GetUtcNow().ToUnixTimeMilliseconds(), result));
        await JsonWriting.WriteAsync(http, result.Ok ? 200 : 502, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("ok", result.Ok);
            w.WriteNumber("status", result.Status);
            w.WriteBoolean("modified", result.Modified);
            w.WriteString("error", result.Error);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
