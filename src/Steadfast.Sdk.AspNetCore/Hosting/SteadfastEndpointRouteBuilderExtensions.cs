using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Steadfast.Sdk.AspNetCore;

/// <summary>Maps the Steadfast serve endpoint.</summary>
public static class SteadfastEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the app's functions at <paramref name="pattern"/> over the Inngest protocol: GET introspection, PUT
    /// sync (out-of-band through the server's <c>/fn/register</c>, or in-band), POST calls and the trust probe.
    /// In cloud mode requests must carry a valid <c>X-Inngest-Signature</c> and responses are signed.
    /// </summary>
    /// <param name="endpoints">The route builder (usually the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route, default <c>/api/inngest</c> (where the dev server's discovery looks).</param>
    /// <returns>A convention builder to add metadata, filters or host requirements.</returns>
    /// <exception cref="InvalidOperationException">
    /// <c>builder.Services.AddSteadfast(...).AddServeEndpoint()</c> was not called, or the serve options are invalid.
    /// </exception>
    public static IEndpointConventionBuilder MapSteadfast(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = "/api/inngest")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var services = endpoints.ServiceProvider;
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        if (!isService.IsService(typeof(SteadfastCallHandler)))
        {
            throw new InvalidOperationException(
                "MapSteadfast needs the Steadfast SDK services: call builder.Services.AddSteadfast(...).AddServeEndpoint() before building the app.");
        }

        if (!isService.IsService(typeof(ServeEndpoint)))
        {
            throw new InvalidOperationException(
                "MapSteadfast needs the serve endpoint services: call .AddServeEndpoint() on the builder returned by builder.Services.AddSteadfast(...).");
        }

        var endpoint = services.GetRequiredService<ServeEndpoint>();
        var settings = endpoint.Settings;
        ServeLog.Mapped(endpoint.Logger, pattern, settings.Mode, settings.ApiBaseUrl, endpoint.FunctionCount);
        if (!settings.IsDev && settings.SigningKey is null)
        {
            ServeLog.CloudModeWithoutKey(endpoint.Logger);
        }

        return endpoints.Map(pattern, endpoint.HandleAsync).WithDisplayName("Steadfast serve endpoint " + pattern);
    }
}
