using System.Diagnostics;
using Steadfast.Engine.Storage;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>
/// The welcome mail and the drip, end to end: signed webhook → functions → .eml files in data/mail. Run against each
/// users backend (the mailer's once-per-user record lives beside the users).
/// </summary>
public abstract class OnboardingMailTests(IUsersBackend backend)
{
    private async Task<SyncAppHost> StartAsync(TimeSpan? trialOfferDelay = null) =>
        await SyncAppHost.StartAsync(trialOfferDelay, usersDatabase: await backend.NewDatabaseAsync());

    [UsersFact]
    public async Task UserCreated_Fixture_ExactlyOneWelcomeToPrimaryAddress()
    {
        await using var host = await StartAsync();

        await host.DeliverAsync("user.created.json");

        var welcome = Assert.Single(host.MailsTo(ClerkFixtures.AdaId, "welcome"));
        Assert.Equal("ada.quill@example.com", Assert.Single(welcome.To.Mailboxes).Address);
        Assert.Contains("Hello Ada", welcome.TextBody, StringComparison.Ordinal);
        Assert.Single(host.Mails());
    }

    [UsersFact]
    public async Task UserCreated_PrimaryEmailSecond_WelcomeOnlyToPrimary()
    {
        await using var host = await StartAsync();

        await host.DeliverAsync("edge/user.created.primary-email-second.json");

        var welcome = Assert.Single(host.Mails());
        Assert.Equal("mo.ibrahim@example.net", Assert.Single(welcome.To.Mailboxes).Address);
    }

    [UsersFact]
    public async Task UserCreated_DeliveredTwiceAndReplayedWithNewId_OneWelcome()
    {
        await using var host = await StartAsync();

        await host.DeliverAsync("user.created.json");
        await host.DeliverAsync("user.created.json");
        var replay = await host.DeliverAsync(ClerkFixtures.Body("user.created.json"), "msg_manual_replay");

        Assert.Single(host.MailsTo(ClerkFixtures.AdaId, "welcome"));
        var welcomeRun = Assert.Single(await host.RunsAsync(replay), r => r.FunctionId.EndsWith("send-welcome-email", StringComparison.Ordinal));
        Assert.Contains("AlreadySent", welcomeRun.Output, StringComparison.Ordinal);
    }

    [UsersTheory]
    [InlineData("edge/user.created.phone-only.json")]
    [InlineData("edge/user.created.username-only.json")]
    public async Task UserCreated_WithoutEmail_NoMailAndRunsSucceed(string file)
    {
        await using var host = await StartAsync(trialOfferDelay: TimeSpan.FromMilliseconds(100));

        var eventId = await host.DeliverAsync(file);

        Assert.Empty(host.Mails());
        Assert.All(await host.RunsAsync(eventId), r => Assert.Equal(RunStatus.Completed, r.Status));
    }

    [UsersFact]
    public async Task UserCreated_AfterDeleted_NoWelcome()
    {
        await using var host = await StartAsync();

        await host.DeliverAsync("user.deleted.json");
        var created = await host.DeliverAsync("user.created.json");

        Assert.Empty(host.Mails());
        var welcomeRun = Assert.Single(await host.RunsAsync(created), r => r.FunctionId.EndsWith("send-welcome-email", StringComparison.Ordinal));
        Assert.Contains("SkippedDeleted", welcomeRun.Output, StringComparison.Ordinal);
    }

    [UsersFact]
    public async Task Drip_ShortDelay_TrialOfferArrivesAfterTheSleepToCurrentPrimaryAddress()
    {
        var delay = TimeSpan.FromSeconds(1.5);
        await using var host = await StartAsync(trialOfferDelay: delay);
        var clock = Stopwatch.StartNew();

        var created = await host.DeliverAsync("user.created.json");
        Assert.Single(host.MailsTo(ClerkFixtures.AdaId, "welcome"));
        Assert.Empty(host.MailsTo(ClerkFixtures.AdaId, "trial-offer"));
        await host.DeliverAsync("user.updated.json");
        await host.DeliverAsync("edge/user.updated.email-changed.json");
        var drip = Assert.Single(await host.RunsAsync(created), r => r.FunctionId.EndsWith("onboarding-drip", StringComparison.Ordinal));
        await host.WaitUntilAsync(async () => (await host.Engine.GetRunAsync(drip.RunId))!.IsTerminal, "the drip to finish");

        Assert.True(clock.Elapsed >= delay, $"the trial offer came after {clock.Elapsed}, before the {delay} sleep");
        var history = await host.Engine.GetHistoryAsync(drip.RunId);
        Assert.Contains(history, h => h.Type == HistoryTypes.SleepStarted);
        Assert.Equal(RunStatus.Completed, (await host.Engine.GetRunAsync(drip.RunId))!.Status);
        var offer = Assert.Single(host.MailsTo(ClerkFixtures.AdaId, "trial-offer"));
        Assert.Equal("ada@quill.dev", Assert.Single(offer.To.Mailboxes).Address);
        Assert.Single(host.MailsTo(ClerkFixtures.AdaId, "welcome"));
    }

    [UsersFact]
    public async Task Drip_UserDeletedDuringSleep_NoTrialOffer()
    {
        // The delete must be applied before the sleep ends: under CI load (PostgreSQL users, a busy machine) settling
        // the created event and the deleted event took longer than a 1 s sleep, and the offer went out first.
        var delay = TimeSpan.FromSeconds(6);
        await using var host = await StartAsync(trialOfferDelay: delay);
        var clock = Stopwatch.StartNew();

        var created = await host.DeliverAsync("user.created.json");
        await host.DeliverAsync("user.deleted.json");
        Assert.True(clock.Elapsed < delay, $"the delete settled after {clock.Elapsed}, not within the {delay} sleep: the test proves nothing");
        var drip = Assert.Single(await host.RunsAsync(created), r => r.FunctionId.EndsWith("onboarding-drip", StringComparison.Ordinal));
        await host.WaitUntilAsync(async () => (await host.Engine.GetRunAsync(drip.RunId))!.IsTerminal, "the drip to finish");

        Assert.Empty(host.MailsTo(ClerkFixtures.AdaId, "trial-offer"));
        Assert.Contains("SkippedDeleted", (await host.Engine.GetRunAsync(drip.RunId))!.Output, StringComparison.Ordinal);
    }
}
