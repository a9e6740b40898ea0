using Steadfast.Sdk;

namespace ServeEndpoint;

/// <summary>The sample's two functions: an onboarding flow with a durable sleep, and a follow-up it triggers.</summary>
public static class SampleFunctions
{
    public const string AppId = "serve-sample";
    public const string SignupEvent = "app/user.signup";
    public const string OnboardedEvent = "app/user.onboarded";

    /// <summary>Adds <c>onboarding</c> and <c>celebrate</c>; <paramref name="welcomeDelay"/> is the sleep between the two mails.</summary>
    public static SteadfastBuilder AddSampleFunctions(this SteadfastBuilder builder, TimeSpan welcomeDelay)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Three steps around a durable sleep: each step runs once per run, whatever the number of calls.
        builder.AddFunction<SignupData>(
            new FunctionOptions { Id = "onboarding", Name = "Onboarding", Trigger = SignupEvent, Retries = 2 },
            async ctx =>
            {
                var email = ctx.Event.Data?.Email ?? throw new NonRetriableException("app/user.signup needs data.email");
                var account = await ctx.Step.Run("create-account", () => new { id = "acct-" + email.GetHashCode(StringComparison.Ordinal).ToString("x8"), email });
                await ctx.Step.Sleep("wait-before-welcome", welcomeDelay);
                var welcome = await ctx.Step.Run("send-welcome", () => $"Welcome mail sent to {email}");
                await ctx.Step.SendEvent("announce", OnboardedEvent, new SignupData(email));
                return new { account = account.id, welcome };
            });

        builder.AddFunction<SignupData>(
            new FunctionOptions { Id = "celebrate", Name = "Celebrate", Trigger = OnboardedEvent },
            ctx => Task.FromResult<object?>(new { message = $"{ctx.Event.Data?.Email} is on board" }));

        return builder;
    }
}
