using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Steadfast.Engine;
using Steadfast.Engine.Storage;
using Steadfast.Server.AspNetCore;

namespace Steadfast.Sdk.AspNetCore.Tests.Support;

/// <summary>The real Steadfast server (engine, SQLite store, sync, HTTP driver) on its own loopback port.</summary>
internal sealed class EmbeddedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dir;

    private EmbeddedServer(WebApplication app, Uri root, string dir)
    {
        _app = app;
        Root = root;
        _dir = dir;
        Client = new HttpClient { BaseAddress = root };
    }

    public Uri Root { get; }

    public HttpClient Client { get; }

    /// <summary>Runs that reached a final status, in order.</summary>
    public Channel<(string RunId, RunStatus Status)> Finished { get; } = Channel.CreateUnbounded<(string, RunStatus)>();

    public static async Task<EmbeddedServer> StartAsync(Action<SteadfastServerOptions>? configure = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "steadfast-serve-e2e", Guid.NewGuid().ToString("N"));
        var builder = LoopbackHost.CreateBuilder();
        builder.Services.AddSteadfastServer(o =>
        {
            o.SqliteDirectory = dir;
            o.Discovery = false;
            o.Engine.RetryInterval = TimeSpan.FromSeconds(1);
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.MapSteadfastServer();
        var root = await LoopbackHost.StartAsync(app);
        var server = new EmbeddedServer(app, root, dir);
        app.Services.GetRequiredService<EngineNotifications>().RunChanged += (runId, _, status) =>
        {
            if (status is { } s && s is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled)
            {
                server.Finished.Writer.TryWrite((runId, s));
            }
        };
        return server;
    }

    /// <summary>Waits for <paramref name="count"/> runs to finish; returns their REST representations (<c>data</c> of <c>/v1/runs/{id}</c>).</summary>
    public async Task<List<JsonElement>> WaitForRunsAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var runs = new List<JsonElement>();
        while (runs.Count < count)
        {
            var (runId, _) = await Finished.Reader.ReadAsync(cts.Token);
            using var response = await Client.GetAsync($"v1/runs/{runId}", cts.Token);
            response.EnsureSuccessStatusCode();
            runs.Add(JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cts.Token)).RootElement.GetProperty("data").Clone());
        }

        return runs;
    }

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
            // Best effort: SQLite may still hold the file briefly.
        }
    }
}
