using System.Globalization;
using System.Text;

namespace Steadfast.Bench.Clerk;

/// <summary>
/// The <c>webhooks</c> verb: Clerk webhook ingest (read, verify the Svix signature, map, commit) against plain event
/// ingest on the same server, same connections, alternating rounds; reports each round and the medians.
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

        Task<LoadResult> Run(bool webhooks, TimeSpan duration) => useWrk
            ? WrkLoad.RunAsync(server.BaseAddress, webhooks, o.Threads, o.Connections, duration)
            : HttpClientLoad.RunAsync(server.BaseAddress, workload, webhooks, o.Connections, duration);

        await Run(true, o.Warmup);
        await Run(false, o.Warmup);
        var results = new List<(string Kind, int Round, LoadResult Result, long Committed)>();
        for (var round = 1; round <= o.Rounds; round++)
        {
            foreach (var webhooks in new[] { true, false })
            {
                var before = server.Events;
                var result = await Run(webhooks, o.Duration);
                results.Add((webhooks ? "Clerk webhook (verify, map, commit)" : "plain event POST /e/{key}", round, result, server.Events - before));
            }
        }

        var table = new StringBuilder();
        table.AppendLine("| kind | round | accepted/s | p50 ms | p99 ms | non-2xx | events committed |");
        table.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (kind, round, r, committed) in results)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {round} | {r.OkPerSecond:F0} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.Failed} | {committed} |");
        }

        var webhookMedian = Median(results.Where(r => r.Kind.StartsWith("Clerk", StringComparison.Ordinal)).Select(r => r.Result.OkPerSecond));
        var plainMedian = Median(results.Where(r => !r.Kind.StartsWith("Clerk", StringComparison.Ordinal)).Select(r => r.Result.OkPerSecond));
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"median: Clerk webhooks {webhookMedian:F0}/s, plain events {plainMedian:F0}/s, ratio {webhookMedian / plainMedian:F2}; load average after {LoadAverage()}");
        Console.WriteLine(table);
        return 0;
    }

    private static async Task SanityCheckAsync(BenchServer server, Workload workload)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var d = workload.Deliveries[0];
        using var request = new HttpRequestMessage(HttpMethod.Post, BenchServer.WebhookPath) { Content = new ByteArrayContent(workload.Envelope) };
        request.Headers.Add("svix-id", d.Id);
        request.Headers.Add("svix-timestamp", d.Ts);
        request.Headers.Add("svix-signature", d.Signature);
        using var response = await client.SendAsync(request);
        using var plain = await client.PostAsync("/e/bench", new StringContent(workload.EventPrefix + "evt_sanity" + workload.EventSuffix, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode || !plain.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"sanity check failed: webhook {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}, event {(int)plain.StatusCode}");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
