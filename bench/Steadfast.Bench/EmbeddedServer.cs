using System.Net;
using System.Text.Json;
using Steadfast.Engine;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;
using Steadfast.Server.AspNetCore;
using Steadfast.Storage.Sqlite;

namespace Steadfast.Bench;

/// <summary>
/// The engine embedded in an ASP.NET Core app (what a user does with AddSteadfast + AddSteadfastServer +
/// MapSteadfastServer), with one function on <c>bench/ingest</c> so every event creates and executes a run.
/// GET /bench/stats reports commits, writes, runs completed and CPU time.
/// </summary>
internal static class EmbeddedServer
{
    public const string EventName = "bench/ingest";

    public static async Task<int> RunAsync(BenchArgs cli)
    {
        var port = cli.Int("--port", 8298);
        var dir = cli.Str("--sqlite-dir", Stats.TempDir("serve"));
        cli.EnsureAllUsed();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        builder.Services.AddSteadfast(o => o.AppId = "bench")
            .AddFunction<JsonElement>(new FunctionOptions { Id = "on-ingest", Trigger = EventName }, ctx => Task.FromResult<object?>(null));
        builder.Services.AddSteadfastServer(o => o.SqliteDirectory = dir);
        var app = builder.Build();
        long completed = 0, runsCreated = 0;
        var notifications = app.Services.GetRequiredService<EngineNotifications>();
        notifications.RunChanged += (_, _, status) =>
        {
            if (status == RunStatus.Completed)
            {
                Interlocked.Increment(ref completed);
            }
        };
        notifications.EventsCommitted += (_, runs) => Interlocked.Add(ref runsCreated, runs.Count);
        app.MapGet("/bench/stats", () =>
        {
            var store = (SqliteStore)app.Services.GetRequiredService<IEngineStore>();
            return Results.Text(string.Join(' ', store.Commits, store.Writes, Interlocked.Read(ref runsCreated), Interlocked.Read(ref completed), (long)Stats.Cpu().TotalMilliseconds));
        });
        app.MapSteadfastServer();
        await app.RunAsync();
        return 0;
    }
}
