using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Steadfast.Engine;
using Steadfast.Engine.Events;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;
using Steadfast.Server.AspNetCore;
using Steadfast.Storage.Postgres;

namespace Steadfast.Bench.Postgres;

/// <summary>
/// N engine nodes on one PostgreSQL schema, each a complete host (its own store, connections, scheduler, executor)
/// that coordinates with the others only through the database, as separate servers would. Events are spread over
/// the nodes; each starts a run of a three-step function; the clock stops at the last completion.
/// </summary>
internal static class SteadfastBenchmark
{
    public static async Task<(double Seconds, double CommitsPerSecond)> RunAsync(string connectionString, int nodes, int runs, int batch, int inflight, int writers, int keys = 0, int keyLimit = 1)
    {
        var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        var hosts = new List<IHost>();
        var completed = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            for (var n = 0; n < nodes; n++)
            {
                var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
                builder.Logging.ClearProviders();
                builder.Services.AddSteadfast(o => o.AppId = "bench").AddFunction<JsonElement>(
                    KeyedOptions(keys, keyLimit),
                    async ctx =>
                    {
                        var a = await ctx.Step.Run("a", () => ctx.Event.Data.GetProperty("i").GetInt32());
                        var b = await ctx.Step.Run("b", () => a + 1);
                        var c = await ctx.Step.Run("c", () => b * 2);
                        return c;
                    });
                builder.Services.AddSingleton<IEngineStore>(sp => new PostgresStore(
                    new PostgresStoreOptions { ConnectionString = connectionString, Schema = schema, WriterConnections = writers },
                    sp.GetRequiredService<IWorkSignal>()));
                builder.Services.AddSteadfastServer(o =>
                {
                    o.PostgresConnectionString = connectionString;
                    o.PostgresSchema = schema;
                });
                var host = builder.Build();
                await host.StartAsync();
                host.Services.GetRequiredService<EngineNotifications>().RunChanged += (_, _, status) =>
                {
                    if (status == RunStatus.Completed && Interlocked.Increment(ref completed) == runs)
                    {
                        done.TrySetResult();
                    }
                };
                hosts.Add(host);
            }

            var batches = Enumerable.Range(0, (runs + batch - 1) / batch)
                .Select(b => Enumerable.Range(b * batch, Math.Min(batch, runs - (b * batch)))
                    .Select(i => JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["name"] = "bench/steps", ["data"] = new { i, k = keys > 0 ? i % keys : 0 } }))
                    .ToArray())
                .ToArray();
            var stores = hosts.Select(h => (PostgresStore)h.Services.GetRequiredService<IEngineStore>()).ToList();
            var commits0 = stores.Sum(s => s.Commits);
            var sw = Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, inflight * nodes).Select(k => Task.Run(async () =>
            {
                var ingestor = hosts[k % nodes].Services.GetRequiredService<EventIngestor>();
                int b;
                while ((b = Interlocked.Increment(ref next)) < batches.Length)
                {
                    await ingestor.IngestAsync(batches[b]);
                }
            })));
            var ingest = sw.Elapsed;
            await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
            var total = sw.Elapsed;
            var commits = stores.Sum(s => s.Commits) - commits0;
            var writes = stores.Sum(s => s.Writes);
            await VerifyAsync(connectionString, schema, runs);
            Console.WriteLine($"steadfast: {nodes} node(s) x {writers} writer connection(s), {runs:N0} runs in {total.TotalSeconds:0.00} s = {runs / total.TotalSeconds:N0} runs/s (ingest {ingest.TotalSeconds:0.00} s); {commits:N0} commits, {(double)writes / Math.Max(1, commits):0.0} writes per commit");
            return (total.TotalSeconds, commits / total.TotalSeconds);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync();
                host.Dispose();
            }

            await using var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", c);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The function: no flow control of its own (the default per-function key), or a concurrency limit per key.</summary>
    private static FunctionOptions KeyedOptions(int keys, int keyLimit)
    {
        var options = new FunctionOptions { Id = "three-steps", Trigger = "bench/steps" };
        if (keys > 0)
        {
            options.Concurrency.Add(new ConcurrencyLimit { Limit = keyLimit, Key = "event.data.k" });
        }

        return options;
    }

    /// <summary>What the figure claims, read back from the database: every run completed with its three memoized steps.</summary>
    private static async Task VerifyAsync(string connectionString, string schema, int runs)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT (SELECT count(*) FROM {schema}.runs WHERE status = 2), (SELECT count(*) FROM {schema}.steps)", c);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (completed, steps) = (reader.GetInt64(0), reader.GetInt64(1));
        if (completed != runs || steps != 3L * runs)
        {
            throw new InvalidOperationException($"expected {runs} completed runs with {3L * runs} steps, found {completed} and {steps}");
        }
    }
}
