using System.Globalization;
using Npgsql;
using Steadfast.Bench.Postgres;

// Usage: see bench/POSTGRES.md.
//   dotnet run -c Release --project bench/Steadfast.Bench.Postgres -- [steadfast|hangfire|all] [--nodes 1,2,3] [--runs N] [--hangfire-runs N]
//        [--batch N] [--inflight N] [--workers N] [--postgres CONNSTR] [--keys N --key-limit N]
var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
var opts = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = mode == "all" && (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal)) ? 0 : 1; i + 1 < args.Length; i += 2)
{
    opts[args[i]] = args[i + 1];
}

int Int(string name, int fallback) => opts.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

var connectionString = opts.GetValueOrDefault("--postgres")
    ?? (Environment.GetEnvironmentVariable("STEADFAST_TEST_POSTGRES") is { Length: > 0 } env ? env : "Host=localhost;Username=postgres;Password=postgres");
var nodes = (opts.GetValueOrDefault("--nodes") ?? "1,2,3").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
var runs = Int("--runs", 20_000);
var hangfireRuns = Int("--hangfire-runs", 5_000);
var batch = Int("--batch", 100);
var inflight = Int("--inflight", 4);
var workers = Int("--workers", Environment.ProcessorCount * 10);
var writers = Int("--writers", 1);
var keys = Int("--keys", 0); // > 0: a concurrency limit per key (event.data.k = i % keys) instead of the default key only
var keyLimit = Int("--key-limit", 1);

await using (var c = new NpgsqlConnection(connectionString))
{
    await c.OpenAsync();
    await using var v = new NpgsqlCommand("SHOW server_version", c);
    Console.WriteLine($"PostgreSQL {await v.ExecuteScalarAsync()} at {c.Host}:{c.Port}; {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
}

var results = new List<(string What, int Nodes, int Runs, double Seconds, double CommitsPerSecond)>();
if (mode is "steadfast" or "all")
{
    // Warm-up (JIT tiering, pools) with as many nodes as the largest measurement. Short measurements still read lower
    // than long ones (10,000 runs: ~3,000-3,400 runs/s with three nodes; 30,000: ~4,500): use --runs 30000 for the curve.
    await SteadfastBenchmark.RunAsync(connectionString, nodes.Max(), Math.Min(10_000, runs), batch, inflight, writers, keys, keyLimit);
    foreach (var n in nodes)
    {
        var r = await SteadfastBenchmark.RunAsync(connectionString, n, runs, batch, inflight, writers, keys, keyLimit);
        results.Add(("Steadfast", n, runs, r.Seconds, r.CommitsPerSecond));
    }
}

if (mode is "hangfire" or "all")
{
    foreach (var n in mode == "all" ? [nodes.Max()] : nodes)
    {
        var seconds = await HangfireBenchmark.RunAsync(connectionString, n, hangfireRuns, workers);
        results.Add(("Hangfire", n, hangfireRuns, seconds, double.NaN));
    }
}

Console.WriteLine();
Console.WriteLine("| engine | nodes | runs (3 steps / 3 jobs each) | seconds | runs/s | steps (jobs)/s | commits/s |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.What} | {r.Nodes} | {r.Runs:N0} | {r.Seconds:0.00} | {r.Runs / r.Seconds:N0} | {r.Runs * 3 / r.Seconds:N0} | {(double.IsNaN(r.CommitsPerSecond) ? "" : r.CommitsPerSecond.ToString("N0", CultureInfo.InvariantCulture))} |"));
}
