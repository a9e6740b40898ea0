using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Steadfast.Sdk;

namespace Steadfast.Clerk.AspNetCore;

/// <summary>Maps the Clerk webhook endpoint.</summary>
public static class ClerkWebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {pattern}</c> for Clerk (Svix-signed) webhooks. Each delivery is read with a size bound
    /// (413 above <see cref="ClerkWebhookOptions.MaxBodyBytes"/>), its signature verified (401 with the reason for a
    /// bad, stale or missing signature), mapped to <c>clerk/&lt;type&gt;</c> with the <c>svix-id</c> as event id
    /// (400 for a malformed body; unknown types are forwarded) and committed through <see cref="IEventSender"/>; the
    /// 200 answer (<c>{"ids":[...],"name":...,"status":200}</c>) is sent only after the commit, and a failed commit
    /// answers 500 so Svix retries. Other methods on the path answer 405. The content type is not checked: Svix always
    /// sends JSON and the signature, not the header, proves the origin.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route, e.g. <c>/api/webhooks/clerk</c>.</param>
    /// <returns>The POST endpoint's convention builder.</returns>
    /// <exception cref="InvalidOperationException"><c>AddClerkWebhooks</c> was not called, or no <see cref="IEventSender"/> is registered.</exception>
    public static IEndpointConventionBuilder MapClerkWebhook(this IEndpointRouteBuilder endpoints, string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var services = endpoints.ServiceProvider;
        if (services.GetService<ClerkWebhookMarker>() is null)
        {
            throw new InvalidOperationException("MapClerkWebhook needs its services: call builder.Services.AddClerkWebhooks(o => o.SigningSecret = ...) first.");
        }

        if (services.GetService<IServiceProviderIsService>() is { } isService && !isService.IsService(typeof(IEventSender)))
        {
            throw new InvalidOperationException("MapClerkWebhook forwards events through IEventSender, and none is registered: call builder.Services.AddSteadfastServer(...) to commit into the embedded engine, or register an IEventSender.");
        }

        endpoints.MapMethods(pattern, ["GET", "PUT", "PATCH", "DELETE"], (HttpContext http) =>
        {
            http.Response.Headers.Allow = "POST";
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        }).ExcludeFromDescription();
        return endpoints.MapPost(pattern, (HttpContext http, ClerkWebhookHandler handler) => handler.HandleAsync(http));
    }
}
