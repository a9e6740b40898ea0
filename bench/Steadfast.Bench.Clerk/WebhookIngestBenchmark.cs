using System.Globalization;
using System.Text;

namespace Steadfast.Bench.Clerk;

/// <summary>
/// The <c>webhooks</c> verb: Clerk webhook ingest (read, verify the Svix signature, map, commit) through the application
/// endpoint and through the server-hosted source, against plain event ingest on the same server, same connections,
/// alternating rounds; reports each round and the medians.
/// </summary>
internal static class WebhookIngestBenchmark
{
    public const string Help = """
        Steadfast.Bench.Clerk — Clerk webhook ingest beside plain event ingest

        usage: dotnet run -c Release --project bench/Steadfast.Bench.Clerk -- webhooks [options]
          --connections N   concurrent senders, one request in flight each (default 64)
          --duration S      seconds per measured round (default 10)
          --warmup S        seconds of warm-up per kind (default 3)
          --rounds N        measured rounds per kind, alternating (default 3)
          --loadgen KIND    auto | wrk | csharp (default auto: wrk when installed)
          --threads N       wrk threads (default 2)
          --kinds LIST      which of app,source,plain to run (default all three; e.g. source alone for a profile)
        """;

    public static async Task<int> RunAsync(BenchOptions o)
    {
        var useWrk = o.LoadGenerator == "wrk" || (o.LoadGenerator == "auto" && WrkLoad.IsInstalled);
        var workload = Workload.Create(300_000);
        if (useWrk)
        {
            await WrkLoad.PrepareAsync(workload);
        }

        await using var server = await BenchServer.StartAsync(Workload.Secret);
        await SanityCheckAsync(server, workload);
        var loadgen = useWrk ? $"wrk -t{o.Threads}" : "HttpClient";
        Console.WriteLine($"server {server.BaseAddress}, {Environment.ProcessorCount} CPUs, load average {LoadAverage()}, load generator {loadgen}, {o.Connections} connections");

        Task<LoadResult> Run(BenchKind kind, TimeSpan duration) => useWrk
            ? WrkLoad.RunAsync(server.BaseAddress, kind, o.Threads, o.Connections, duration)
            : HttpClientLoad.RunAsync(server.BaseAddress, workload, kind, o.Connections, duration);

        foreach (var kind in o.Kinds)
        {
            await Run(kind, o.Warmup);
        }

        // The server runs in this process and wrk in its own, so this process's CPU time is the server's cost (plus an
        // idle load loop when the C# generator is used). CPU per request is far less sensitive than throughput to
        // what else the shared machine is doing.
        var results = new List<(BenchKind Kind, int Round, LoadResult Result, long Committed, double CpuMicros)>();
        for (var round = 1; round <= o.Rounds; round++)
        {
            foreach (var kind in o.Kinds)
            {
                var before = server.Events;
                var cpu = Environment.CpuUsage.TotalTime;
                var result = await Run(kind, o.Duration);
                var committed = server.Events - before;
                results.Add((kind, round, result, committed, (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / Math.Max(1, committed)));
            }
        }

        var table = new StringBuilder();
        table.AppendLine("| kind | round | accepted/s | p50 ms | p99 ms | non-2xx | events committed | server CPU µs/event |");
        table.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (kind, round, r, committed, cpu) in results)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {kind.Label} | {round} | {r.OkPerSecond:F0} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.Failed} | {committed} | {cpu:F0} |");
        }

        double MedianOf(BenchKind kind) => Median(results.Where(r => r.Kind == kind).Select(r => r.Result.OkPerSecond));
        var plainMedian = o.Kinds.Contains(BenchKind.PlainEvent) ? MedianOf(BenchKind.PlainEvent) : double.NaN;
        table.AppendLine();
        foreach (var kind in o.Kinds)
        {
            var cpu = Median(results.Where(r => r.Kind == kind).Select(r => r.CpuMicros));
            table.AppendLine(CultureInfo.InvariantCulture, $"median: {kind.Label} {MedianOf(kind):F0}/s ({MedianOf(kind) / plainMedian:F2}x plain), server CPU {cpu:F0} µs/event");
        }

        table.AppendLine(CultureInfo.InvariantCulture, $"load average after {LoadAverage()}");
        Console.WriteLine(table);
        return 0;
    }

    private static async Task SanityCheckAsync(BenchServer server, Workload workload)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var d = workload.Deliveries[0];
        foreach (var path in new[] { BenchServer.WebhookPath, BenchServer.SourcePath })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(workload.Envelope) };
            request.Headers.Add("svix-id", d.Id);
            request.Headers.Add("svix-timestamp", d.Ts);
            request.Headers.Add("svix-signature", d.Signature);
            using var response = await client.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"sanity check failed: webhook {path} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        using var plain = await client.PostAsync("/e/bench", new StringContent(workload.EventPrefix + "evt_sanity" + workload.EventSuffix, Encoding.UTF8, "application/json"));
        if (!plain.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"sanity check failed: event {(int)plain.StatusCode}");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
