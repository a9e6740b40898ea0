using ClerkUserSync.Data;
using ClerkUserSync.Hosting;
using ClerkUserSync.Mail;
using Steadfast.Clerk.Models;
using Steadfast.Sdk;

namespace ClerkUserSync.Functions;

/// <summary>
/// The drip after the welcome: a durable sleep (<c>wait-3-days</c>, <see cref="ClerkUserSyncOptions.TrialOfferDelay"/>),
/// then the trial offer — to the user's current primary address (it may have changed meanwhile), and not at all when the
/// user was deleted or has no address.
/// </summary>
[SteadfastFunction("onboarding-drip", "clerk/user.created")]
public sealed class OnboardingDrip(OnboardingMailer mailer, UserStore users, ClerkUserSyncOptions options) : SteadfastFunction<ClerkUser>
{
    public override async Task<object?> RunAsync(FunctionContext<ClerkUser> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = UserEvents.RequireUser(context.Event);
        if (user.PrimaryEmailAddress is null)
        {
            return new { userId = user.Id, outcome = MailOutcome.SkippedNoEmail.ToString() };
        }

        await context.Step.Sleep("wait-3-days", options.TrialOfferDelay);
        var outcome = await context.Step.Run("trial-offer-email", async () =>
        {
            var current = await users.GetAsync(user.Id!, context.CancellationToken);
            if (current is { IsDeleted: true })
            {
                return MailOutcome.SkippedDeleted.ToString();
            }

            var to = current is null ? user.PrimaryEmailAddress : current.Email;
            return (await mailer.SendOnceAsync(MailKind.TrialOffer, user.Id!, to, current?.FirstName ?? user.FirstName, context.CancellationToken)).ToString();
        });
        return new { userId = user.Id, outcome };
    }
}
