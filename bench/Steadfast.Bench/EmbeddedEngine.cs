using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steadfast.Engine;
using Steadfast.Engine.Events;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;
using Steadfast.Server.AspNetCore;
using Steadfast.Storage.Sqlite;

namespace Steadfast.Bench;

/// <summary>
/// The engine hosted in this process exactly as an application would host it (AddSteadfast + AddSteadfastServer),
/// on a fresh SQLite file on the real disk, with the system clock.
/// </summary>
internal sealed class EmbeddedEngine : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedEngine(IHost host, string dir)
    {
        _host = host;
        Dir = dir;
    }

    public string Dir { get; }

    public EventIngestor Ingestor => _host.Services.GetRequiredService<EventIngestor>();

    public EngineNotifications Notifications => _host.Services.GetRequiredService<EngineNotifications>();

    public SqliteStore Store => (SqliteStore)_host.Services.GetRequiredService<IEngineStore>();

    public static async Task<EmbeddedEngine> StartAsync(string name, Action<SteadfastBuilder> functions, string synchronous = "FULL")
    {
        var dir = Stats.TempDir(name);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        functions(builder.Services.AddSteadfast(o => o.AppId = "bench"));
        builder.Services.AddSingleton<IEngineStore>(_ => new SqliteStore(new SqliteStoreOptions { Path = Path.Combine(dir, "steadfast.db"), Synchronous = synchronous }));
        builder.Services.AddSteadfastServer(o => o.SqliteDirectory = dir);
        var host = builder.Build();
        await host.StartAsync();
        return new EmbeddedEngine(host, dir);
    }

    /// <summary>Events named <paramref name="name"/> whose data comes from <paramref name="data"/>(index).</summary>
    public static JsonElement[] Events(string name, int from, int count, Func<int, object> data)
    {
        var events = new JsonElement[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["name"] = name, ["data"] = data(from + i) });
        }

        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }

        Stats.TryDelete(Dir);
    }
}
