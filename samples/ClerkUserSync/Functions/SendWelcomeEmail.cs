using ClerkUserSync.Mail;
using Steadfast.Clerk.Models;
using Steadfast.Sdk;

namespace ClerkUserSync.Functions;

/// <summary>
/// The one owner of the welcome mail: to the PRIMARY address (primary_email_address_id), once per user. Users without
/// an email address get none. The brief's onboarding drip also sent a welcome; here the drip sends only the trial offer.
/// </summary>
[SteadfastFunction("send-welcome-email", "clerk/user.created")]
public sealed class SendWelcomeEmail(OnboardingMailer mailer) : SteadfastFunction<ClerkUser>
{
    public override async Task<object?> RunAsync(FunctionContext<ClerkUser> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = UserEvents.RequireUser(context.Event);
        var outcome = await context.Step.Run("welcome-email", async () =>
            (await mailer.SendOnceAsync(MailKind.Welcome, user.Id!, user.PrimaryEmailAddress, user.FirstName, context.CancellationToken)).ToString());
        return new { userId = user.Id, outcome };
    }
}
