using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Steadfast.Engine.Functions;
using Steadfast.Engine.Queue;
using Steadfast.Server.AspNetCore.Endpoints;

namespace Steadfast.Server.AspNetCore;

/// <summary>Maps the server's HTTP endpoints.</summary>
public static class SteadfastServerEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the event API (<c>POST /e/{key}</c>), the REST API (<c>/v1/...</c>), <c>GET /health</c> and <c>GET /dev</c>,
    /// and adds the <c>X-Inngest-Server-Kind</c> header to every response.
    /// </summary>
    public static IEndpointRouteBuilder MapSteadfastServer(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<ServerMarker>() is null)
        {
            throw new InvalidOperationException("MapSteadfastServer needs the server services: call builder.Services.AddSteadfastServer(...) first.");
        }

        var options = endpoints.ServiceProvider.GetRequiredService<SteadfastServerOptions>();
        if (endpoints is IApplicationBuilder app)
        {
            app.Use((http, next) =>
            {
                http.Response.Headers["X-Inngest-Server-Kind"] = options.ServerKind;
                return next(http);
            });
        }

        endpoints.MapPost("/e/{eventKey}", EventApiEndpoints.ReceiveAsync);
        endpoints.MapGet("/health", (QueueDispatcher dispatcher) => Results.Json(new HealthBody("ok", dispatcher.Active), HealthJsonContext.Default.HealthBody));
        endpoints.MapGet("/v1/events", RestEndpoints.ListEventsAsync);
        endpoints.MapGet("/v1/events/{eventId}", RestEndpoints.GetEventAsync);
        endpoints.MapGet("/v1/events/{eventId}/runs", RestEndpoints.ListEventRunsAsync);
        endpoints.MapGet("/v1/runs", RestEndpoints.ListRunsAsync);
        endpoints.MapGet("/v1/runs/{runId}", RestEndpoints.GetRunAsync);
        endpoints.MapGet("/v1/runs/{runId}/history", RestEndpoints.GetRunHistoryAsync);
        endpoints.MapDelete("/v1/runs/{runId}", RestEndpoints.CancelRunAsync);
        endpoints.MapGet("/dev", DevInfo);
        endpoints.MapFallback(http => JsonWriting.ErrorAsync(http, 404, $"no route for {http.Request.Method} {http.Request.Path}"));
        return endpoints;
    }

    private static Task DevInfo(HttpContext http, FunctionCatalog catalog, SteadfastServerOptions options) =>
        JsonWriting.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("version", "steadfast-0.1.0");
            w.WriteBoolean("authed", false);
            w.WriteBoolean("isSingleNodeService", true);
            w.WriteBoolean("isMissingSigningKey", options.SigningKey is null);
            w.WriteBoolean("isMissingEventKeys", options.EventKeys.Count == 0);
            w.WriteStartArray("functions");
            foreach (var f in catalog.All)
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
                w.WriteNumber("retries", f.Retries);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
}

/// <summary>The health body.</summary>
/// <param name="Status">Always <c>ok</c> when the server answers.</param>
/// <param name="Active">Calls executing now.</param>
public sealed record HealthBody(string Status, int Active);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(HealthBody))]
internal sealed partial class HealthJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
