using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ClerkUserSync.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Steadfast.Clerk.AspNetCore;
using Steadfast.Engine.Storage;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>
/// The sample with <c>--server-url</c>: a real <c>steadfast dev</c> process hosts the engine, the app serves its functions
/// at <c>/api/inngest</c> (synced at start-up) and forwards signed webhooks to the server's event API.
/// </summary>
public sealed class ExternalServerTests
{
    private static readonly string[] Functions = ["onboarding-drip", "send-welcome-email", "sync-user-created"];

    [Fact]
    public async Task ServerUrl_DevServer_FunctionsSyncedAndUserSyncMailAndDripRunThroughIt()
    {
        var delay = TimeSpan.FromSeconds(1.5);
        await using var server = await DevServer.StartAsync();
        await using var host = await SyncAppHost.StartAsync(trialOfferDelay: delay, server: server);
        var clock = Stopwatch.StartNew();

        // Registered with the URL of the sync request (loopback), which the server normalizes as Inngest does.
        Assert.Equal($"http://localhost:{host.Client.BaseAddress!.Port}{ClerkUserSyncApp.ServePath}", (await server.AppsAsync())[ClerkUserSyncApp.AppId]);
        Assert.Null(host.Services.GetService<IEngineStore>()); // no embedded engine in this mode
        var created = await host.DeliverAsync("user.created.json");

        var runs = await host.RunsAsync(created);
        Assert.Equal(Functions, runs.Select(r => r.FunctionId[(ClerkUserSyncApp.AppId.Length + 1)..]).Order(StringComparer.Ordinal));
        var stored = Assert.Single(await server.EventsAsync("clerk/user.created"));
        Assert.Equal((ClerkFixtures.SvixId("user.created.json"), created), stored);
        Assert.Equal("ada.quill", (await host.Users.GetAsync(ClerkFixtures.AdaId))!.Username);
        Assert.Equal("ada.quill@example.com", Assert.Single(Assert.Single(host.MailsTo(ClerkFixtures.AdaId, "welcome")).To.Mailboxes).Address);
        Assert.Empty(host.MailsTo(ClerkFixtures.AdaId, "trial-offer"));

        await host.DeliverAsync("user.updated.json");
        await host.DeliverAsync("edge/user.updated.email-changed.json");
        var drip = Assert.Single(runs, r => r.FunctionId.EndsWith("onboarding-drip", StringComparison.Ordinal));
        await host.WaitUntilAsync(async () => (await server.RunAsync(drip.RunId)).IsTerminal, "the drip to finish");

        Assert.True(clock.Elapsed >= delay, $"the trial offer came after {clock.Elapsed}, before the {delay} sleep");
        Assert.Equal(RunStatus.Completed, (await server.RunAsync(drip.RunId)).Status);
        Assert.Contains(HistoryTypes.SleepStarted, await server.HistoryTypesAsync(drip.RunId));
        Assert.Equal("ada@quill.dev", Assert.Single(Assert.Single(host.MailsTo(ClerkFixtures.AdaId, "trial-offer")).To.Mailboxes).Address);
        Assert.Single(host.MailsTo(ClerkFixtures.AdaId, "welcome"));
        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.Equal(("ada@quill.dev", "Quill-Lovelace", "ada.quill"), (row!.Email, row.LastName, row.Username));

        await host.DeliverAsync("user.deleted.json");
        Assert.True((await host.Users.GetAsync(ClerkFixtures.AdaId))!.IsDeleted);
    }

    [Fact]
    public async Task ServerUrl_StartModeWithKeys_SignedSyncCallsAndEventsRunTheUserSync()
    {
        const string signingKey = "signkey-prod-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        await using var server = await DevServer.StartAsync(signingKey, eventKey: "user-sync-event-key");
        await using var host = await SyncAppHost.StartAsync(server: server);

        // The server refuses unsigned calls and unknown event keys, so each of these proves the keys were used: the sync
        // (/fn/register with the hashed signing key), the events (/e/{key}) and the signed function calls.
        Assert.Contains(ClerkUserSyncApp.AppId, (await server.AppsAsync()).Keys);
        var created = await host.DeliverAsync("user.created.json");
        var runs = await host.RunsAsync(created);
        Assert.Equal(Functions, runs.Select(r => r.FunctionId[(ClerkUserSyncApp.AppId.Length + 1)..]).Order(StringComparer.Ordinal));
        Assert.All(runs.Where(r => !r.FunctionId.EndsWith("onboarding-drip", StringComparison.Ordinal)), r => Assert.Equal(RunStatus.Completed, r.Status));
        Assert.Equal("ada.quill", (await host.Users.GetAsync(ClerkFixtures.AdaId))!.Username);
        Assert.Single(host.MailsTo(ClerkFixtures.AdaId, "welcome"));

        // An unsigned call to the app's endpoint, as anyone on the network could make, is refused.
        using var forged = await host.Client.PostAsync($"{ClerkUserSyncApp.ServePath}?fnId={ClerkUserSyncApp.AppId}-sync-user-created&stepId=step", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public void Options_SigningKeyWithoutEventKeyOrServerUrl_Refused()
    {
        Environment.SetEnvironmentVariable("INNGEST_EVENT_KEY", null);
        Environment.SetEnvironmentVariable("STEADFAST_EVENT_KEY", null);
        var noServer = Assert.Throws<ArgumentException>(() => ClerkUserSyncOptions.FromEnvironment(["--signing-key", "signkey-prod-00"]));
        Assert.Contains("--server-url", noServer.Message, StringComparison.Ordinal);
        var noEventKey = Assert.Throws<ArgumentException>(() => ClerkUserSyncOptions.FromEnvironment(["--server-url", "http://localhost:8288", "--signing-key", "signkey-prod-00"]));
        Assert.Contains("--event-key", noEventKey.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerDown_WebhookAnswers500NothingAccepted_RetryAfterRestartCommitsOnceAndRunsOnce()
    {
        // clerk-svix.md §6 scenario 27, the server unreachable: the webhook must not answer 2xx for an event nobody committed.
        await using var server = await DevServer.StartAsync();
        await using var host = await SyncAppHost.StartAsync(server: server);
        var deliveries = host.Services.GetRequiredService<WebhookDeliveryLog>();
        var svixId = ClerkFixtures.SvixId("user.created.json");
        server.Kill();

        using (var refused = await host.PostFixtureAsync("user.created.json"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
            Assert.Equal("CommitFailed", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("reason").GetString());
        }

        Assert.Equal(0, deliveries.Count(WebhookDeliveryOutcome.Accepted));
        var rejection = Assert.Single(deliveries.RecentRejections());
        Assert.Equal((svixId, WebhookDeliveryOutcome.Failed, 500), (rejection.SvixId, rejection.Outcome, rejection.StatusCode));
        Assert.Empty(await host.Users.ListAsync());

        await server.RestartAsync();
        var eventId = await host.DeliverAsync("user.created.json"); // Svix's retry: the same svix-id, signed anew

        Assert.Equal(1, deliveries.Count(WebhookDeliveryOutcome.Accepted));
        Assert.Equal((svixId, eventId), Assert.Single(await server.EventsAsync("clerk/user.created")));
        await AssertOneRunPerFunctionOneUserOneWelcomeAsync(server, host);
    }

    [Fact]
    public async Task EventApiAnswerLost_WebhookAnswers500_RetryIsDeduplicatedBySvixIdSoEachFunctionRunsOnce()
    {
        // clerk-svix.md §6 scenario 27, the send landed but its answer was lost: our 500 makes Svix retry, and the
        // retry's event (id = the same svix-id) is stored as a duplicate that triggers nothing.
        await using var server = await DevServer.StartAsync();
        await using var proxy = await LossyProxy.StartAsync(server.Url);
        await using var host = await SyncAppHost.StartAsync(server: server, serverUrl: proxy.Url);
        var svixId = ClerkFixtures.SvixId("user.created.json");
        proxy.LoseEventAnswers = true;

        using (var refused = await host.PostFixtureAsync("user.created.json"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        }

        Assert.Equal(3, proxy.LostAnswers); // the app's three attempts all reached the server, none got its answer
        Assert.NotEmpty(await server.EventsAsync("clerk/user.created"));
        await host.WaitUntilAsync(async () => (await server.AllRunsAsync()).Count == Functions.Length && (await server.AllRunsAsync()).All(r => r.IsTerminal || r.FunctionId.EndsWith("onboarding-drip", StringComparison.Ordinal)), "the first event's runs");

        proxy.LoseEventAnswers = false;
        var retried = await host.DeliverAsync("user.created.json");

        Assert.Empty(await host.RunsAsync(retried));
        Assert.All(await server.EventsAsync("clerk/user.created"), e => Assert.Equal(svixId, e.Id));
        await AssertOneRunPerFunctionOneUserOneWelcomeAsync(server, host);
    }

    [Fact]
    public async Task ServerUrl_NothingListening_StartFailsNamingTheServer()
    {
        var url = new Uri($"http://127.0.0.1:{SteadfastCli.FreePort()}/");
        var options = SyncAppHost.NewOptions();
        options.ServerUrl = url;
        await using var app = SyncAppHost.Build(options);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains($"with the Steadfast server at {url}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Is `steadfast dev` running there?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Banner_ServerUrl_NamesWebhookServeUrlAndTheServersDashboard()
    {
        var options = new ClerkUserSyncOptions { ServerUrl = new Uri("http://localhost:8288"), DataDirectory = "/srv/data" };
        using var output = new StringWriter();

        Banner.Print(output, options, new Uri("http://127.0.0.1:3000"), devSecret: false, ".eml files in /srv/data/mail", "/srv/data/users.db  (SQLite, table users)");

        var text = output.ToString();
        Assert.Contains("POST http://127.0.0.1:3000/api/webhooks/clerk  (forwarded to POST http://localhost:8288/e/dev)", text, StringComparison.Ordinal);
        Assert.Contains("Functions       http://127.0.0.1:3000/api/inngest  (synced; the server calls this URL)", text, StringComparison.Ordinal);
        Assert.Contains("Dashboard       http://localhost:8288/  (runs: http://localhost:8288/v1/runs)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Engine data", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Banner_Embedded_NamesTheEngineAndItsDashboardOnTheAppsPort()
    {
        var options = new ClerkUserSyncOptions { DataDirectory = "/srv/data" };
        using var output = new StringWriter();

        Banner.Print(output, options, new Uri("http://127.0.0.1:3000"), devSecret: false, "mail", "users");

        var text = output.ToString();
        Assert.Contains("Dashboard       http://127.0.0.1:3000/", text, StringComparison.Ordinal);
        Assert.Contains($"Engine data     {Path.Combine("/srv/data", "steadfast")}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/inngest", text, StringComparison.Ordinal);
    }

    private static async Task AssertOneRunPerFunctionOneUserOneWelcomeAsync(DevServer server, SyncAppHost host)
    {
        var runs = await server.AllRunsAsync();
        Assert.Equal(Functions, runs.Select(r => r.FunctionId[(ClerkUserSyncApp.AppId.Length + 1)..]).Order(StringComparer.Ordinal));
        Assert.All(runs, r => Assert.NotEqual(RunStatus.Failed, r.Status));
        Assert.Equal(ClerkFixtures.AdaId, Assert.Single(await host.Users.ListAsync()).Id);
        Assert.Single(host.Mails());
        Assert.Single(host.MailsTo(ClerkFixtures.AdaId, "welcome"));
    }
}
