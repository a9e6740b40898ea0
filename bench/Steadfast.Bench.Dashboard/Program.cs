using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Steadfast.Bench.Dashboard;
using Steadfast.Sdk;
using Steadfast.Server.AspNetCore;
using Steadfast.Storage.Sqlite;

// dotnet run -c Release --project bench/Steadfast.Bench.Dashboard -- [--runs 100000] [--iterations 200]
// Seeds a history of N runs, starts the real server (dev mode, SQLite) on loopback and times every HTTP call each
// dashboard page makes, sequentially, reporting p50/p95 per call and per page (sum of the page's calls).
var runs = Arg("--runs", 100_000);
var iterations = Arg("--iterations", 200);
var dir = Path.Combine(Path.GetTempPath(), "steadfast-bench-dashboard", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
var dbPath = Path.Combine(dir, "steadfast.db");
try
{
    var store = new SqliteStore(new SqliteStoreOptions { Path = dbPath });
    await store.InitializeAsync();
    await store.DisposeAsync();
    var start = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds();
    var (someRun, someEvent, failedRun) = HistorySeeder.Seed(dbPath, runs, start);

    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    var steadfast = builder.Services.AddSteadfast(o => o.AppId = "bench");
    foreach (var fn in HistorySeeder.Functions)
    {
        steadfast.AddFunction<JsonElement>(new FunctionOptions { Id = fn["bench-".Length..], Trigger = "bench/never" }, _ => Task.FromResult<object?>(null));
    }

    builder.Services.AddSteadfastServer(o =>
    {
        o.SqliteDirectory = dir;
        o.Discovery = false;
    });
    var app = builder.Build();
    app.MapSteadfastServer();
    await app.StartAsync();
    var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };

    var window = $"since={start + (runs / 2 * 30L)}&until={start + (runs / 2 * 30L) + 60_000}";
    var fn0 = HistorySeeder.Functions[1];
    var pages = new (string Page, string[] Calls)[]
    {
        ("HTML and script", ["/", "/dashboard/app.js", "/dashboard/app.css"]),
        ("Stream", ["/v1/feed?limit=50", "/v1/functions"]),
        ("Events: by name", ["/v1/feed?limit=50&name=clerk%2Fuser.created"]),
        ("Events: time window", [$"/v1/feed?limit=50&{window}"]),
        ("Events: deep page (cursor mid-history)", [$"/v1/feed?limit=50&cursor={someEvent}"]),
        ("Event detail", [$"/v1/events/{someEvent}", $"/v1/events/{someEvent}/runs"]),
        ("Runs: all", ["/v1/functions", "/v1/runs?limit=50"]),
        ("Runs: function", ["/v1/functions", $"/v1/runs?limit=50&function_id={fn0}"]),
        ("Runs: failed", ["/v1/functions", "/v1/runs?limit=50&status=Failed"]),
        ("Runs: function + failed", ["/v1/functions", $"/v1/runs?limit=50&function_id={fn0}&status=Failed"]),
        ("Runs: time window", ["/v1/functions", $"/v1/runs?limit=50&{window}"]),
        ("Runs: deep page (cursor mid-history)", ["/v1/functions", $"/v1/runs?limit=50&cursor={someRun}"]),
        ("Run detail", ["/v1/functions", $"/v1/runs/{someRun}/detail"]),
        ("Run detail (failed)", ["/v1/functions", $"/v1/runs/{failedRun}/detail"]),
        ("Functions", ["/v1/functions"]),
        ("Function detail", ["/v1/functions", $"/v1/runs?function_id={fn0}&limit=20"]),
        ("Apps", ["/v1/apps", "/v1/apps/syncs"]),
        ("Webhooks", ["/v1/webhooks"]),
    };

    var perCall = new Dictionary<string, List<double>>();
    Console.WriteLine($"{runs:N0} runs, {iterations} iterations per page after 5 warm-up rounds; times in ms (sequential calls over loopback)");
    Console.WriteLine();
    Console.WriteLine($"| {"page",-40} | {"p50",7} | {"p95",7} | {"max",7} | calls");
    Console.WriteLine($"| {new string('-', 40)} | ------: | ------: | ------: | -----");
    var rows = new List<(string, double, double)>();
    foreach (var (page, calls) in pages)
    {
        var totals = new List<double>(iterations);
        for (var i = -5; i < iterations; i++)
        {
            var total = 0.0;
            foreach (var call in calls)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync(call);
                var body = await response.Content.ReadAsByteArrayAsync();
                watch.Stop();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{call}: {(int)response.StatusCode}");
                }

                total += watch.Elapsed.TotalMilliseconds;
                if (i >= 0)
                {
                    (perCall.TryGetValue(call, out var l) ? l : perCall[call] = []).Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            if (i >= 0)
            {
                totals.Add(total);
            }
        }

        totals.Sort();
        Console.WriteLine($"| {page,-40} | {P(totals, 50),7:F1} | {P(totals, 95),7:F1} | {totals[^1],7:F1} | {string.Join(" + ", calls.Select(Short))}");
    }

    Console.WriteLine();
    Console.WriteLine("per call:");
    foreach (var (call, list) in perCall)
    {
        list.Sort();
        Console.WriteLine($"  {P(list, 50),7:F2} p50 {P(list, 95),7:F2} p95  {Short(call)}");
    }

    await app.StopAsync();
}
finally
{
    try
    {
        Directory.Delete(dir, recursive: true);
    }
    catch (IOException)
    {
    }
}

static double P(List<double> sorted, int p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

static string Short(string call) => call.Length > 70 ? call[..70] + "…" : call;

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
