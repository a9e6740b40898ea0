using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Steadfast.Clerk.AspNetCore;

namespace Steadfast.Dashboard;

/// <summary>Maps the dashboard's pages and files.</summary>
public static class DashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /</c> (the single-page dashboard, navigated with <c>#/</c> routes), <c>GET /dashboard/{file}</c> (its
    /// scripts and styles, embedded in this assembly, revalidated by ETag), <c>GET /v1/openapi.json</c> (the REST API
    /// description) and <c>GET /v1/webhooks</c> (the server's webhook sources from <see cref="IWebhookSourceDirectory"/>, and
    /// the Clerk endpoint's delivery log when <c>AddClerkWebhooks</c> registered one; <c>available: false</c> when there
    /// is neither; never a secret). The pages call the server's <c>/v1</c> API; access control is the
    /// caller's: add an endpoint filter to the returned builder.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>A builder for conventions (filters, authorization) applied to every dashboard endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    public static RouteGroupBuilder MapSteadfastDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("");
        group.MapGet("/", (HttpContext http) => Serve(http, "index.html"));
        group.MapGet("/dashboard/{*file}", (HttpContext http, string file) => Serve(http, file));
        group.MapGet("/v1/openapi.json", (HttpContext http) => Serve(http, "openapi.json"));
        group.MapGet("/v1/webhooks", (HttpContext http) => WebhookLogWriter.Write(http.RequestServices.GetService<WebhookDeliveryLog>(), http.RequestServices.GetService<IWebhookSourceDirectory>()));
        return group;
    }

    private static IResult Serve(HttpContext http, string file)
    {
        if (DashboardAssets.Instance.Get(file) is not { } asset)
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (file.EndsWith(".html", StringComparison.Ordinal))
        {
            http.Response.Headers.XFrameOptions = "DENY";
            http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";
            http.Response.Headers["Referrer-Policy"] = "no-referrer";
        }

        if (http.Request.Headers.IfNoneMatch == asset.ETag)
        {
            http.Response.Headers.ETag = asset.ETag;
            return Results.StatusCode(304);
        }

        http.Response.Headers.ETag = asset.ETag;
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }
}
