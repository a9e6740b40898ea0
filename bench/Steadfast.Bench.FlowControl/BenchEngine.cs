using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steadfast.Engine;
using Steadfast.Engine.Events;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;
using Steadfast.Server.AspNetCore;

namespace Steadfast.Bench.FlowControl;

/// <summary>The engine hosted in-process as an application hosts it, on a fresh SQLite file, with the system clock.</summary>
internal sealed class BenchEngine : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _dir;

    private BenchEngine(IHost host, string dir)
    {
        _host = host;
        _dir = dir;
    }

    public EventIngestor Ingestor => _host.Services.GetRequiredService<EventIngestor>();

    public EngineNotifications Notifications => _host.Services.GetRequiredService<EngineNotifications>();

    public IEngineStore Store => _host.Services.GetRequiredService<IEngineStore>();

    public static async Task<BenchEngine> StartAsync(Action<SteadfastBuilder> functions)
    {
        var dir = Path.Combine(Path.GetTempPath(), "steadfast-bench-flow", Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        functions(builder.Services.AddSteadfast(o => o.AppId = "bench"));
        builder.Services.AddSteadfastServer(o => o.SqliteDirectory = dir);
        var host = builder.Build();
        await host.StartAsync();
        return new BenchEngine(host, dir);
    }

    /// <summary>Sends <paramref name="count"/> events in requests of <paramref name="batch"/>, <paramref name="inflight"/> requests at a time, in index order per request.</summary>
    public async Task SendAsync(string name, int count, int batch, int inflight, Func<int, object> data)
    {
        using var gate = new SemaphoreSlim(inflight);
        var tasks = new List<Task>();
        for (var from = 0; from < count; from += batch)
        {
            var n = Math.Min(batch, count - from);
            var events = new JsonElement[n];
            for (var i = 0; i < n; i++)
            {
                events[i] = JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["name"] = name, ["data"] = data(from + i) });
            }

            await gate.WaitAsync();
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    await Ingestor.IngestAsync(events);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        await Task.WhenAll(tasks);
    }

    public async Task<IReadOnlyList<RunRecord>> AllRunsAsync(string functionId)
    {
        var all = new List<RunRecord>();
        string? cursor = null;
        while (true)
        {
            var page = await Store.ListRunsAsync(new RunQuery { FunctionId = "bench-" + functionId, Limit = 1000, Cursor = cursor });
            all.AddRange(page);
            if (page.Count < 1000)
            {
                return all;
            }

            cursor = page[^1].RunId;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
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
