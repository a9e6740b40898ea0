using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Steadfast.Server.AspNetCore.Webhooks;

/// <summary>Maps the webhook sources' URLs.</summary>
internal static class WebhookSourceEndpoints
{
    public const string Pattern = "/webhooks/{name}";

    /// <summary>
    /// <c>POST /webhooks/{name}</c> for every configured source (404 for an unknown name), 405 for other methods. No
    /// event key is asked for, in start mode either: the URL and the signature are the source's credential.
    /// </summary>
    public static void MapWebhookSources(this IEndpointRouteBuilder endpoints)
    {
        var catalog = endpoints.ServiceProvider.GetRequiredService<WebhookSourceCatalog>();
        endpoints.MapPost(Pattern, (HttpContext http, string name) => catalog.ReceiveAsync(http, name)).ExcludeFromDescription();
        endpoints.MapMethods(Pattern, ["GET", "PUT", "PATCH", "DELETE"], (HttpContext http) =>
        {
            http.Response.Headers.Allow = "POST";
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        }).ExcludeFromDescription();
    }
}
