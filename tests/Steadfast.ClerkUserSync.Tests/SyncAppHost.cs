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

/// <summary>
/// The sample's composition root on real Kestrel (free loopback port), a temp data directory and a real HTTP client:
/// with the embedded engine, or serving its functions to a real <c>steadfast dev</c> (<see cref="DevServer"/>).
/// </summary>
public sealed class SyncAppHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SyncAppHost(WebApplication app, ClerkUserSyncOptions options, IRunSource runs)
    {
        _app = app;
        Options = options;
        Runs = runs;
        Client = new HttpClient { BaseAddress = ClerkUserSyncApp.BaseAddress(app) };
    }

    public ClerkUserSyncOptions Options { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public UserStore Users => Services.GetRequiredService<UserStore>();

    public UsersDatabase Database => Services.GetRequiredService<UsersDatabase>();

    /// <summary>The embedded engine's store (not there when the app serves an external server).</summary>
    public IEngineStore Engine => Services.GetRequiredService<IEngineStore>();

    public IRunSource Runs { get; }

    /// <summary>Starts the app.</summary>
    /// <param name="trialOfferDelay">The drip's sleep (default 1 h: never reached in a test unless asked for).</param>
    /// <param name="secret">The webhook signing secret.</param>
    /// <param name="usersDatabase">The users database setting (<c>--users-db</c>); null: SQLite in the data directory.</param>
    /// <param name="server">An external <c>steadfast dev</c> to serve the functions to; null: the embedded engine.</param>
    /// <param name="serverUrl">Where the app reaches <paramref name="server"/> (a proxy in front of it); default its URL.</param>
    /// <param name="logs">Receives every log message of the app, at every level.</param>
    public static async Task<SyncAppHost> StartAsync(
        TimeSpan? trialOfferDelay = null,
        string secret = ClerkFixtures.Secret,
        string? usersDatabase = null,
        DevServer? server = null,
        Uri? serverUrl = null,
        LogCapture? logs = null)
    {
        var options = NewOptions(secret);
        options.TrialOfferDelay = trialOfferDelay ?? TimeSpan.FromHours(1);
        options.RetryInterval = TimeSpan.FromMilliseconds(200);
        options.UsersDatabaseUrl = usersDatabase;
        options.ServerUrl = serverUrl ?? server?.Url;
        options.SigningKey = server?.SigningKey;
        options.EventKey = server?.EventKey;
        var app = ClerkUserSyncApp.Build(options, b =>
        {
            b.Logging.ClearProviders();
            if (logs is not null)
            {
                b.Logging.AddProvider(logs);
                b.Logging.AddFilter<LogCapture>(null, LogLevel.Trace); // a provider's own rule wins over the app's category filters
                b.Logging.SetMinimumLevel(LogLevel.Trace);
            }
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var runs = (IRunSource?)server ?? new EngineRunSource(app.Services.GetRequiredService<IEngineStore>(), app.Services.GetRequiredService<EngineNotifications>());
        return new SyncAppHost(app, options, runs);
    }

    /// <summary>Options for an app under test: a free port and a fresh data directory.</summary>
    public static ClerkUserSyncOptions NewOptions(string secret = ClerkFixtures.Secret) => new()
    {
        Port = 0,
        DataDirectory = Path.Combine(Path.GetTempPath(), "clerk-user-sync-tests", Guid.NewGuid().ToString("N")),
        SigningSecret = secret,
    };

    /// <summary>Builds an app without starting it or logging (for start-up failures).</summary>
    public static WebApplication Build(ClerkUserSyncOptions options) => ClerkUserSyncApp.Build(options, b => b.Logging.ClearProviders());

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

    public Task<IReadOnlyList<RunView>> RunsAsync(string eventId) => Runs.RunsAsync(eventId);

    /// <summary>Waits until every run of the event ended — or, for the onboarding drip, ended or is asleep.</summary>
    public Task SettleAsync(string eventId) => Runs.WaitUntilAsync(async () =>
    {
        foreach (var run in await RunsAsync(eventId))
        {
            if (!run.IsTerminal && !(run.FunctionId.EndsWith("onboarding-drip", StringComparison.Ordinal) && await Runs.IsAsleepAsync(run.RunId)))
            {
                return false;
            }
        }

        return true;
    }, $"runs of event {eventId} to settle");

    public Task WaitUntilAsync(Func<Task<bool>> condition, string what) => Runs.WaitUntilAsync(condition, what);

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
