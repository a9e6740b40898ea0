using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using ClerkUserSync.Data;
using ClerkUserSync.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using Steadfast.Clerk.Svix;
using Steadfast.Engine;
using Steadfast.Engine.Storage;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>The sample's composition root on real Kestrel (free loopback port), a temp data directory and a real HTTP client.</summary>
public sealed class SyncAppHost : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly WebApplication _app;

    private SyncAppHost(WebApplication app, ClerkUserSyncOptions options)
    {
        _app = app;
        Options = options;
        Client = new HttpClient { BaseAddress = ClerkUserSyncApp.BaseAddress(app) };
    }

    public ClerkUserSyncOptions Options { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public UserStore Users => Services.GetRequiredService<UserStore>();

    public IEngineStore Engine => Services.GetRequiredService<IEngineStore>();

    public static async Task<SyncAppHost> StartAsync(TimeSpan? trialOfferDelay = null, string secret = ClerkFixtures.Secret)
    {
        var options = new ClerkUserSyncOptions
        {
            Port = 0,
            DataDirectory = Path.Combine(Path.GetTempPath(), "clerk-user-sync-tests", Guid.NewGuid().ToString("N")),
            SigningSecret = secret,
            TrialOfferDelay = trialOfferDelay ?? TimeSpan.FromHours(1),
            RetryInterval = TimeSpan.FromMilliseconds(200),
        };
        var app = ClerkUserSyncApp.Build(options, b => b.Logging.ClearProviders());
        await app.StartAsync();
        return new SyncAppHost(app, options);
    }

    /// <summary>Posts a body signed now, as Svix would (svix-id, svix-timestamp, svix-signature).</summary>
    public Task<HttpResponseMessage> PostSignedAsync(byte[] body, string svixId, string secret = ClerkFixtures.Secret, long? timestamp = null)
    {
        var ts = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = WebhookSecret.Parse(secret).Sign(svixId, ts, body);
        return PostAsync(body, ("svix-id", svixId), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", signature));
    }

    public Task<HttpResponseMessage> PostFixtureAsync(string file) => PostSignedAsync(ClerkFixtures.Body(file), ClerkFixtures.SvixId(file));

    public async Task<HttpResponseMessage> PostAsync(byte[] body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ClerkUserSyncApp.WebhookPath) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Posts a fixture, expects 200 and waits until the runs it started settled; returns the internal event id.</summary>
    public async Task<string> DeliverAsync(string file) => await DeliverAsync(ClerkFixtures.Body(file), ClerkFixtures.SvixId(file));

    public async Task<string> DeliverAsync(byte[] body, string svixId)
    {
        using var response = await PostSignedAsync(body, svixId);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        var eventId = JsonDocument.Parse(text).RootElement.GetProperty("ids")[0].GetString()!;
        await SettleAsync(eventId);
        return eventId;
    }

    public Task<IReadOnlyList<RunRecord>> RunsAsync(string eventId) => Engine.ListRunsAsync(new RunQuery { EventId = eventId });

    /// <summary>
    /// Waits until every run of the event ended — or, for the onboarding drip, ended or is asleep — re-checking on each
    /// run transition the engine publishes (a bounded safety re-check covers a notification raced with the first look).
    /// </summary>
    public Task SettleAsync(string eventId) => WaitUntilAsync(async () =>
    {
        foreach (var run in await RunsAsync(eventId))
        {
            if (run.IsTerminal)
            {
                continue;
            }

            if (run.FunctionId.EndsWith("onboarding-drip", StringComparison.Ordinal)
                && (await Engine.GetHistoryAsync(run.RunId)).Any(h => h.Type == HistoryTypes.SleepStarted))
            {
                continue;
            }

            return false;
        }

        return true;
    }, $"runs of event {eventId} to settle");

    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var notifications = Services.GetRequiredService<EngineNotifications>();
        var signal = new SemaphoreSlim(0);
        void OnChange(string runId, IReadOnlyList<HistoryEntry> history, RunStatus? status) => signal.Release();
        notifications.RunChanged += OnChange;
        try
        {
            var end = DateTime.UtcNow + Deadline;
            while (!await condition())
            {
                var left = end - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"timed out waiting for {what}");
                }

                await signal.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(250, left.TotalMilliseconds)));
            }
        }
        finally
        {
            notifications.RunChanged -= OnChange;
        }
    }

    /// <summary>The .eml files written so far, parsed.</summary>
    public IReadOnlyList<MimeMessage> Mails() =>
        Directory.Exists(Options.MailDirectory)
            ? [.. Directory.GetFiles(Options.MailDirectory, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))]
            : [];

    public IReadOnlyList<MimeMessage> MailsTo(string userId, string kind) =>
        [.. Mails().Where(m => m.Headers["X-Clerk-User-Id"] == userId && m.Headers["X-Mail-Kind"] == kind)];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Options.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: SQLite may still hold a file briefly.
        }
    }
}
