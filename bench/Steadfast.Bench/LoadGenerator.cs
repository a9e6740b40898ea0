using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Steadfast.Bench;

/// <summary>What one load run measured.</summary>
internal sealed record LoadResult(double Seconds, long Ok, long Failed, double P50Ms, double P99Ms)
{
    public double OkPerSecond => Ok / Seconds;
}

/// <summary>Closed-loop HTTP load: <c>connections</c> clients each POST the body, wait for the answer, repeat.</summary>
internal abstract partial class LoadGenerator
{
    public abstract string Name { get; }

    public static LoadGenerator Create(string kind, int threads) => kind switch
    {
        "wrk" => new Wrk(threads),
        "csharp" => new HttpClientLoad(),
        "auto" => File.Exists("/usr/bin/wrk") || File.Exists("/usr/local/bin/wrk") ? new Wrk(threads) : new HttpClientLoad(),
        _ => throw new ArgumentException($"--loadgen must be auto, wrk or csharp, got '{kind}'"),
    };

    public abstract Task<LoadResult> RunAsync(Uri url, string bodyFile, int connections, TimeSpan duration);

    /// <summary><c>wrk</c> (Debian package) with a Lua script that sets the POST body.</summary>
    private sealed partial class Wrk(int threads) : LoadGenerator
    {
        public override string Name => $"wrk -t{threads}";

        public override async Task<LoadResult> RunAsync(Uri url, string bodyFile, int connections, TimeSpan duration)
        {
            var script = Path.ChangeExtension(bodyFile, ".lua");
            await File.WriteAllTextAsync(script, $"""
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                local f = io.open("{bodyFile}", "rb")
                wrk.body = f:read("*a")
                f:close()
                """);
            var psi = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { $"-t{threads}", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "--timeout", "10s", "-s", script, url.ToString() })
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi)!;
            var output = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            var requests = Match(RequestsRegex(), output, "requests");
            var seconds = double.Parse(RequestsRegex().Match(output).Groups[2].Value, CultureInfo.InvariantCulture);
            var non2xx = NonOkRegex().Match(output) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            var errors = SocketRegex().Match(output) is { Success: true } s
                ? s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
                : 0;
            return new LoadResult(seconds, (long)requests - non2xx, non2xx + errors, Percent(output, "50"), Percent(output, "99"));
        }

        private static double Match(Regex regex, string output, string what) =>
            regex.Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException($"wrk printed no {what}:\n{output}");

        private static double Percent(string output, string p)
        {
            var m = Regex.Match(output, $@"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!m.Success)
            {
                return double.NaN;
            }

            var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
        }

        [GeneratedRegex(@"(\d+) requests in ([\d.]+)s")]
        private static partial Regex RequestsRegex();

        [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
        private static partial Regex NonOkRegex();

        [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
        private static partial Regex SocketRegex();
    }

    /// <summary>The fallback: HttpClient over SocketsHttpHandler, one loop per connection.</summary>
    private sealed class HttpClientLoad : LoadGenerator
    {
        public override string Name => "HttpClient";

        public override async Task<LoadResult> RunAsync(Uri url, string bodyFile, int connections, TimeSpan duration)
        {
            var body = await File.ReadAllBytesAsync(bodyFile);
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
            long ok = 0, failed = 0;
            var latencies = new List<double>[connections];
            var sw = Stopwatch.StartNew();
            var end = duration.TotalSeconds;
            await Task.WhenAll(Enumerable.Range(0, connections).Select(c => Task.Run(async () =>
            {
                var mine = latencies[c] = new List<double>(100_000);
                while (sw.Elapsed.TotalSeconds < end)
                {
                    var t = Stopwatch.GetTimestamp();
                    try
                    {
                        using var content = new ByteArrayContent(body);
                        content.Headers.ContentType = new("application/json");
                        using var response = await client.PostAsync(url, content);
                        await response.Content.LoadIntoBufferAsync();
                        if (response.StatusCode is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices)
                        {
                            Interlocked.Increment(ref ok);
                        }
                        else
                        {
                            Interlocked.Increment(ref failed);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref failed);
                    }
                    catch (TaskCanceledException)
                    {
                        Interlocked.Increment(ref failed);
                    }

                    mine.Add(Stats.Ms(Stopwatch.GetTimestamp() - t));
                }
            })));
            var all = latencies.SelectMany(l => l).ToArray();
            Array.Sort(all);
            return new LoadResult(sw.Elapsed.TotalSeconds, ok, failed, Stats.Percentile(all, 50), Stats.Percentile(all, 99));
        }
    }
}
