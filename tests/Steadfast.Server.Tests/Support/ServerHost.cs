using System.Collections.Concurrent;
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
using Steadfast.Server.AspNetCore;

namespace Steadfast.Server.Tests.Support;

/// <summary>The real server (engine, SQLite, endpoints) on Kestrel over loopback, on a free port.</summary>
public sealed class ServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RunStatus>> _terminal = new();
    private readonly TaskCompletionSource<string> _firstTerminal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerHost(WebApplication app, string dir)
    {
        _app = app;
        Directory = dir;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        app.Services.GetRequiredService<EngineNotifications>().RunChanged += (runId, _, status) =>
        {
            if (status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled)
            {
                _firstTerminal.TrySetResult(runId);
            }
        };
    }

    public string BaseUrl { get; }

    public string Directory { get; }

    public HttpClient Client { get; }

    public IEngineStore Store => _app.Services.GetRequiredService<IEngineStore>();

    public IServiceProvider Services => _app.Services;

    public static async Task<ServerHost> StartAsync(Action<SteadfastServerOptions>? configure = null, string? directory = null, Action<IServiceCollection>? services = null)
    {
        var dir = directory ?? Path.Combine(Path.GetTempPath(), "steadfast-server-tests", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSteadfastServer(o =>
        {
            o.SqliteDirectory = dir;
            o.Discovery = false;
            o.Engine.RetryInterval = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapSteadfastServer();
        await app.StartAsync();
        return new ServerHost(app, dir);
    }

    /// <summary>Completes with the first run that reaches a terminal state.</summary>
    public async Task<RunRecord> FirstFinishedRunAsync()
    {
        var runId = await _firstTerminal.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (await Store.GetRunAsync(runId))!;
    }

    public async Task<JsonElement> SendEventAsync(string name, object? data = null)
    {
        var response = await Client.PostAsJsonAsync("/e/test-key", new { name, data = data ?? new { } });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<(int Status, JsonElement Body)> RegisterAsync(object body, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fn/register") { Content = JsonContent.Create(body) };
        configure?.Invoke(request);
        using var response = await Client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async Task<JsonElement> DevAsync() => await Client.GetFromJsonAsync<JsonElement>("/dev");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public void DeleteFiles()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
