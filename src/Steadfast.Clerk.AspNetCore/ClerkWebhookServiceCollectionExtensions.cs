using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Steadfast.Clerk.AspNetCore;

/// <summary>Registers the Clerk webhook endpoint's services.</summary>
public static class ClerkWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Adds what <see cref="ClerkWebhookEndpointRouteBuilderExtensions.MapClerkWebhook"/> needs: the options (validated
    /// when the host starts, so a missing or malformed secret fails start-up with a message naming the setting), the
    /// handler and the <see cref="WebhookDeliveryLog"/>. Events are forwarded through the registered
    /// <see cref="Sdk.IEventSender"/> (<c>AddSteadfastServer()</c> registers one that commits into the embedded engine).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; <see cref="ClerkWebhookOptions.SigningSecret"/> is required.</param>
    /// <returns>The services, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is null.</exception>
    public static IServiceCollection AddClerkWebhooks(this IServiceCollection services, Action<ClerkWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ClerkWebhookOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClerkWebhookOptions>, ClerkWebhookOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new WebhookDeliveryLog(sp.GetRequiredService<IOptions<ClerkWebhookOptions>>().Value.DeliveryLogCapacity));
        services.TryAddSingleton<ClerkWebhookHandler>();
        services.TryAddSingleton<ClerkWebhookMarker>();
        return services;
    }
}

/// <summary>Marks that <c>AddClerkWebhooks</c> was called (checked by <c>MapClerkWebhook</c>).</summary>
internal sealed class ClerkWebhookMarker;
