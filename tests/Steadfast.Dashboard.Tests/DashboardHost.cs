using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Steadfast.Engine;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;
using Steadfast.Server.AspNetCore;

namespace Steadfast.Dashboard.Tests;

/// <summary>
/// The real server (engine, SQLite in a temp folder, endpoints, dashboard) on Kestrel over loopback on a free port, with
/// in-process C# functions: <c>greet</c> (two steps), <c>slow</c> (a step, then a one-hour sleep), <c>flaky</c> (step
/// <c>b</c> fails until <see cref="FlakyHeals"/> is set; no retries).
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dir;

    private DashboardHost(WebApplication app, string dir)
    {
        _app = app;
        _dir = dir;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
    }

    public string BaseUrl { get; }

    public HttpClient Client { get; }

    public IEngineStore Store => _app.Services.GetRequiredService<IEngineStore>();

    public EngineNotifications Notifications => _app.Services.GetRequiredService<EngineNotifications>();

    /// <summary>Calls of the flaky function's step <c>a</c> (to prove a rerun from step <c>b</c> reuses it).</summary>
    public int FlakyStepACalls;

    public volatile bool FlakyHeals;

    public static async Task<DashboardHost> StartAsync(Action<SteadfastServerOptions>? configure = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "steadfast-dashboard-tests", Guid.NewGuid().ToString("N"));
        DashboardHost? self = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSteadfast(o => o.AppId = "test")
            .AddFunction<JsonElement>(new FunctionOptions { Id = "greet", Name = "Greet user", Trigger = "app/greet" }, async ctx =>
            {
                var name = await ctx.Step.Run("load-name", () => ctx.Event.Data.TryGetProperty("name", out var n) ? n.GetString() ?? "?" : "?");
                var greeting = await ctx.Step.Run("compose", () => $"Hello, {name}!");
                return new { greeting };
            })
            .AddFunction<JsonElement>(new FunctionOptions { Id = "slow", Name = "Slow drip", Trigger = "app/slow" }, async ctx =>
            {
                await ctx.Step.Run("first", () => "started");
                await ctx.Step.Sleep("wait-an-hour", TimeSpan.FromHours(1));
                return "done";
            })
            .AddFunction<JsonElement>(new FunctionOptions { Id = "flaky", Name = "Flaky sync", Trigger = "app/flaky", Retries = 0 }, async ctx =>
            {
                await ctx.Step.Run("a", () => { Interlocked.Increment(ref self!.FlakyStepACalls); return 1; });
                await ctx.Step.Run("b", () => self!.FlakyHeals ? 2 : throw new InvalidOperationException("database unavailable"));
                return "synced";
            });
        builder.Services.AddSteadfastServer(o =>
        {
            o.SqliteDirectory = dir;
            o.Discovery = false;
            o.Engine.RetryInterval = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.MapSteadfastServer();
        await app.StartAsync();
        self = new DashboardHost(app, dir);
        return self;
    }

    public async Task<string> SendEventAsync(string name, object? data = null)
    {
        using var response = await Client.PostAsJsonAsync("/e/test-key", new { name, data = data ?? new { } });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("ids")[0].GetString()!;
    }

    /// <summary>Waits, woken by engine notifications (no sleeping), until <paramref name="probe"/> returns a value.</summary>
    public async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var signal = new SemaphoreSlim(0);
        void OnRun(string id, IReadOnlyList<HistoryEntry> h, RunStatus? s) => signal.Release();
        void OnEvents(IReadOnlyList<string> e, IReadOnlyList<string> r) => signal.Release();
        Notifications.RunChanged += OnRun;
        Notifications.EventsCommitted += OnEvents;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (true)
            {
                if (await probe() is { } value)
                {
                    return value;
                }

                try
                {
                    await signal.WaitAsync(TimeSpan.FromMilliseconds(500), timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"timed out waiting for {what}");
                }
            }
        }
        finally
        {
            Notifications.RunChanged -= OnRun;
            Notifications.EventsCommitted -= OnEvents;
        }
    }

    public Task<RunRecord> WaitForRunAsync(string eventId, string functionId, Func<RunRecord, bool> predicate) =>
        WaitForAsync(async () => (await Store.ListRunsAsync(new RunQuery { EventId = eventId, FunctionId = "test-" + functionId })).FirstOrDefault(predicate), $"a run of {functionId} for {eventId}");

    public Task<RunRecord> WaitForRunAsync(string runId, Func<RunRecord, bool> predicate) =>
        WaitForAsync(async () => await Store.GetRunAsync(runId) is { } r && predicate(r) ? r : null, $"run {runId}");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
