using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Steadfast.Engine.Events;
using Steadfast.Engine.Queue;
using Steadfast.Server.AspNetCore.Endpoints;
using Steadfast.Server.AspNetCore.Webhooks;

namespace Steadfast.Server.AspNetCore;

/// <summary>Maps the server's HTTP endpoints.</summary>
public static class SteadfastServerEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the event API (<c>POST /e/{key}</c>), the webhook sources (<c>POST /webhooks/{name}</c>; a source with a key
    /// also answers <c>POST /e/{key}</c>), sync (<c>POST /fn/register</c>, <c>GET/POST /v1/apps</c>), the run-state API SDKs use for large runs (<c>/v0/runs/{id}/batch|actions</c>), the REST API (<c>/v1/...</c>), <c>GET /health</c>
    /// and <c>GET /dev</c>,
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

        var webhookSources = endpoints.ServiceProvider.GetRequiredService<WebhookSourceCatalog>();
        if (webhookSources.HasKeys)
        {
            // Inngest-hosted webhook URLs have the event API's shape (/e/<key>): a source key routes to its source.
            endpoints.MapPost("/e/{eventKey}", (HttpContext http, string eventKey, EventIngestor ingestor, SteadfastServerOptions o) =>
                webhookSources.FindByKey(eventKey) is { } source ? source.ReceiveAsync(http) : EventApiEndpoints.ReceiveAsync(http, eventKey, ingestor, o));
        }
        else
        {
            endpoints.MapPost("/e/{eventKey}", EventApiEndpoints.ReceiveAsync);
        }

        endpoints.MapWebhookSources();
        endpoints.MapGet("/health", (QueueDispatcher dispatcher) => Results.Json(new HealthBody("ok", dispatcher.Active), HealthJsonContext.Default.HealthBody));
        endpoints.MapGet("/v1/events", RestEndpoints.ListEventsAsync);
        endpoints.MapGet("/v1/events/{eventId}", RestEndpoints.GetEventAsync);
        endpoints.MapGet("/v1/events/{eventId}/runs", RestEndpoints.ListEventRunsAsync);
        endpoints.MapGet("/v1/runs", RestEndpoints.ListRunsAsync);
        endpoints.MapGet("/v1/runs/{runId}", RestEndpoints.GetRunAsync);
        endpoints.MapGet("/v1/runs/{runId}/history", RestEndpoints.GetRunHistoryAsync);
        endpoints.MapDelete("/v1/runs/{runId}", RestEndpoints.CancelRunAsync);
        endpoints.MapGet("/dev", DevEndpoints.InfoAsync);
        endpoints.MapPost("/fn/register", RegisterEndpoint.RegisterAsync);
        endpoints.MapGet("/v0/runs/{runId}/batch", RunStateApiEndpoints.GetBatchAsync);
        endpoints.MapGet("/v0/runs/{runId}/actions", RunStateApiEndpoints.GetActionsAsync);
        endpoints.MapGet("/v1/apps", DevEndpoints.ListAppsAsync);
        endpoints.MapPost("/v1/apps", DevEndpoints.SyncAppAsync);
        endpoints.MapSteadfastDashboardAndOperations();
        endpoints.MapFallback(http => JsonWriting.ErrorAsync(http, 404, $"no route for {http.Request.Method} {http.Request.Path}"));
        return endpoints;
    }

}

/// <summary>The health body.</summary>
/// <param name="Status">Always <c>ok</c> when the server answers.</param>
/// <param name="Active">Calls executing now.</param>
public sealed record HealthBody(string Status, int Active);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(HealthBody))]
internal sealed partial class HealthJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
