using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Steadfast.Engine;
using Steadfast.Engine.Events;
using Steadfast.Engine.Runs;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;
using Steadfast.Server.AspNetCore;

namespace Steadfast.Engine.Tests;

/// <summary>A real engine on a real SQLite file in a temp folder, with in-process functions and a fake clock.</summary>
public sealed class TestEngine : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _dir;

    private TestEngine(IHost host, string dir, FakeTimeProvider time)
    {
        _host = host;
        _dir = dir;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public IEngineStore Store => _host.Services.GetRequiredService<IEngineStore>();

    public EventIngestor Ingestor => _host.Services.GetRequiredService<EventIngestor>();

    public RunExecutor Executor => _host.Services.GetRequiredService<RunExecutor>();

    public EngineNotifications Notifications => _host.Services.GetRequiredService<EngineNotifications>();

    public IEventSender Sender => _host.Services.GetRequiredService<IEventSender>();

    public Steadfast.Engine.Functions.FunctionCatalog Catalog => _host.Services.GetRequiredService<Steadfast.Engine.Functions.FunctionCatalog>();

    public string Directory => _dir;

    public bool KeepFiles { get; set; }

    public static async Task<TestEngine> StartAsync(Action<SteadfastBuilder> functions, Action<SteadfastServerOptions>? configure = null, string? directory = null, DateTimeOffset? start = null)
    {
        var dir = directory ?? Path.Combine(Path.GetTempPath(), "steadfast-tests", Guid.NewGuid().ToString("N"));
        var time = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        functions(builder.Services.AddSteadfast(o => o.AppId = "test"));
        builder.Services.AddSteadfastServer(o =>
        {
            o.SqliteDirectory = dir;
            o.Engine.RetryInterval = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new TestEngine(host, dir, time);
    }

    public async Task<string> SendAsync(string name, object? data = null, string? id = null)
    {
        var evt = new Dictionary<string, object?> { ["name"] = name, ["data"] = data ?? new { } };
        if (id is not null)
        {
            evt["id"] = id;
        }

        var ids = await Ingestor.IngestAsync([JsonSerializer.SerializeToElement(evt)]);
        return ids[0];
    }

    public async Task<RunRecord> SingleRunAsync(string eventId, string functionId)
    {
        var runs = await Store.ListRunsAsync(new RunQuery { EventId = eventId, FunctionId = "test-" + functionId });
        return Assert.Single(runs);
    }

    /// <summary>Waits until <paramref name="functionId"/> has at least <paramref name="count"/> runs (woken by commits).</summary>
    public async Task<IReadOnlyList<RunRecord>> WaitForRunsAsync(string functionId, int count)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnEvents(IReadOnlyList<string> e, IReadOnlyList<string> r) => tcs.TrySetResult();
        Notifications.EventsCommitted += OnEvents;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (true)
            {
                var runs = await Store.ListRunsAsync(new RunQuery { FunctionId = "test-" + functionId, Limit = 1000 });
                if (runs.Count >= count)
                {
                    return runs;
                }

                var remaining = deadline - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"{functionId} has {runs.Count} runs, expected {count}");
                }

                await tcs.Task.WaitAsync(remaining).ContinueWith(_ => { }, TaskScheduler.Default);
                tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        finally
        {
            Notifications.EventsCommitted -= OnEvents;
        }
    }

    /// <summary>Waits until the run ends, without sleeping: a notification completes the wait.</summary>
    public Task<RunRecord> WaitForEndAsync(string runId) => WaitForAsync(runId, r => r.IsTerminal);

    public async Task<RunRecord> WaitForAsync(string runId, Func<RunRecord, bool> predicate, string? historyType = null)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChange(string id, IReadOnlyList<HistoryEntry> history, RunStatus? status)
        {
            if (id == runId)
            {
                tcs.TrySetResult();
            }
        }

        Notifications.RunChanged += OnChange;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (true)
            {
                var run = await Store.GetRunAsync(runId) ?? throw new InvalidOperationException($"run {runId} not found");
                var historyOk = historyType is null || (await Store.GetHistoryAsync(runId)).Any(h => h.Type == historyType);
                if (predicate(run) && historyOk)
                {
                    return run;
                }

                var remaining = deadline - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"run {runId} did not reach the expected state; it is {run.Status}");
                }

                await tcs.Task.WaitAsync(remaining).ContinueWith(_ => { }, TaskScheduler.Default);
                tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        finally
        {
            Notifications.RunChanged -= OnChange;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (KeepFiles)
        {
            return;
        }

        try
        {
            System.IO.Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
