using Microsoft.Extensions.Options;
using Steadfast.Clerk.Svix;

namespace Steadfast.Clerk.AspNetCore;

/// <summary>Checks <see cref="ClerkWebhookOptions"/> at start-up; messages name the setting and never show the secret.</summary>
internal sealed class ClerkWebhookOptionsValidator : IValidateOptions<ClerkWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, ClerkWebhookOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            errors.Add($"The Clerk webhook signing secret is missing: set ClerkWebhookOptions.SigningSecret (the sample reads {ClerkWebhookOptions.SigningSecretVariable}) to the endpoint's whsec_... secret from the Clerk dashboard.");
        }
        else if (!WebhookSecret.TryParse(options.SigningSecret, out _, out var error))
        {
            errors.Add($"The Clerk webhook signing secret is unusable: {error}");
        }

        for (var i = 0; i < options.PreviousSigningSecrets.Count; i++)
        {
            if (!WebhookSecret.TryParse(options.PreviousSigningSecrets[i], out _, out var error))
            {
                errors.Add($"Previous signing secret #{i + 1} is unusable: {error}");
            }
        }

        if (options.MaxBodyBytes is < 1 or > 64 * 1024 * 1024)
        {
            errors.Add($"MaxBodyBytes must be between 1 and 67108864, got {options.MaxBodyBytes}.");
        }

        if (options.Tolerance < TimeSpan.FromSeconds(1))
        {
            errors.Add($"Tolerance must be at least one second, got {options.Tolerance}.");
        }

        if (options.DeliveryLogCapacity is < 1 or > 100_000)
        {
            errors.Add($"DeliveryLogCapacity must be between 1 and 100000, got {options.DeliveryLogCapacity}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
