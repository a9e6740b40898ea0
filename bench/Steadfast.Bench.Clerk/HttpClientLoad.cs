using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Steadfast.Bench.Clerk;

/// <summary>The fallback load generator when wrk is not installed: closed-loop HttpClient, one loop per connection.</summary>
internal static class HttpClientLoad
{
    public static async Task<LoadResult> RunAsync(Uri baseAddress, Workload workload, BenchKind kind, int connections, TimeSpan duration)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        long ok = 0, failed = 0, counter = 0;
        var latencies = new List<double>[connections];
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<double>(100_000);
            while (sw.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref counter);
                using var request = new HttpRequestMessage(HttpMethod.Post, kind.Path);
                if (kind.Webhook)
                {
                    var d = workload.Deliveries[n % workload.Deliveries.Length];
                    request.Content = new ByteArrayContent(workload.Envelope);
                    request.Headers.Add("svix-id", d.Id);
                    request.Headers.Add("svix-timestamp", d.Ts);
                    request.Headers.Add("svix-signature", d.Signature);
                }
                else
                {
                    request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(workload.EventPrefix + "evt_" + n + workload.EventSuffix));
                }

                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var t = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request);
                    await response.Content.LoadIntoBufferAsync();
                    Interlocked.Increment(ref response.IsSuccessStatusCode ? ref ok : ref failed);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }

                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        })));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(sw.Elapsed.TotalSeconds, ok, failed, Percentile(all, 50), Percentile(all, 99));
    }

    private static double Percentile(double[] sorted, int p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, sorted.Length * p / 100)];
}
