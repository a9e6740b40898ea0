using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Steadfast.Clerk.AspNetCore;
using Steadfast.Engine;
using Steadfast.Server.AspNetCore;
using Steadfast.Server.AspNetCore.Webhooks;

namespace Steadfast.Bench.Clerk;

/// <summary>
/// What an application does with the Clerk helper: the embedded engine (SQLite, group commit, synchronous=FULL) with
/// <c>MapClerkWebhook</c> and <c>MapSteadfastServer</c> on one loopback port, plus a server-hosted Clerk source at
/// <c>/webhooks/clerk</c>. No functions: the benchmark measures ingest (verify, map, commit) on both webhook paths,
/// and plain event ingest on <c>/e/{key}</c> through the same engine.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    public const string WebhookPath = "/api/webhooks/clerk";

    /// <summary>The server-hosted Clerk source (<c>--webhook clerk=whsec_...</c> in the CLI).</summary>
    public const string SourcePath = "/webhooks/clerk";

    private readonly WebApplication _app;
    private readonly string _dir;
    private long _events;

    private BenchServer(WebApplication app, string dir)
    {
        _app = app;
        _dir = dir;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public long Events => Interlocked.Read(ref _events);

    public static async Task<BenchServer> StartAsync(string secret)
    {
        var dir = Path.Combine(Path.GetTempPath(), "steadfast-bench-clerk", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Steadfast.Clerk.AspNetCore", LogLevel.Error);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.AddServerHeader = false;
        });
        builder.Services.AddSteadfastServer(o =>
        {
            o.SqliteDirectory = dir;
            o.WebhookSources.Add(WebhookSourceOptions.Clerk("clerk", secret));
        });
        builder.Services.AddClerkWebhooks(o => o.SigningSecret = secret);
        var app = builder.Build();
        app.MapClerkWebhook(WebhookPath);
        app.MapSteadfastServer();
        await app.StartAsync();
        var server = new BenchServer(app, dir);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        app.Services.GetRequiredService<EngineNotifications>().EventsCommitted += (ids, _) => Interlocked.Add(ref server._events, ids.Count);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
