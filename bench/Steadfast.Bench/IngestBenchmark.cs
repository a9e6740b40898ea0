using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Steadfast.Bench;

/// <summary>
/// Target 1: HTTP event ingest. Each server runs as its own process; the load generator drives it over loopback.
/// All of them share this machine's cores with the load generator.
/// </summary>
internal static class IngestBenchmark
{
    private const string Event = """{"name":"bench/ingest","data":{"user":"ada@example.com","plan":"pro","n":42}}""";

    public static async Task<int> RunAsync(BenchArgs cli)
    {
        var duration = TimeSpan.FromSeconds(cli.Int("--duration", 10));
        var warmup = TimeSpan.FromSeconds(cli.Int("--warmup", 3));
        var connections = cli.Int("--connections", 64);
        var threads = cli.Int("--threads", 2);
        var batch = cli.Int("--batch", 100);
        var targets = cli.Str("--targets", "hello,dev,embedded").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var modes = cli.Str("--modes", "single,batch").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var load = LoadGenerator.Create(cli.Str("--loadgen", "auto"), threads);
        var serverPath = cli.Str("--server", Path.Combine(RepoRoot(), "src/Steadfast.Server/bin/Release/net10.0/steadfast"));
        cli.EnsureAllUsed();

        var work = Stats.TempDir("ingest");
        var single = Path.Combine(work, "single.json");
        var many = Path.Combine(work, "batch.json");
        await File.WriteAllTextAsync(single, Event);
        await File.WriteAllTextAsync(many, "[" + string.Join(',', Enumerable.Repeat(Event, batch)) + "]");

        var table = new ResultTable(
            $"ingest: {load.Name}, {connections} connections, {duration.TotalSeconds:0} s after {warmup.TotalSeconds:0} s warm-up, server and load generator on the same {Environment.ProcessorCount} cores",
            "server", "body", "requests/s", "events/s", "target events/s", "vs hello req/s", "p50 ms", "p99 ms", "failed", "server CPU (of all cores)", "runs created / completed", "events per commit");
        var helloRate = new Dictionary<string, double>(StringComparer.Ordinal);
        try
        {
            foreach (var target in targets)
            {
                foreach (var mode in modes)
                {
                    var perRequest = mode == "batch" ? batch : 1;
                    var port = FreePort();
                    var db = Path.Combine(work, $"{target}-{mode}");
                    var psi = target switch
                    {
                        "hello" => Self("hello", "--port", port.ToString(CultureInfo.InvariantCulture)),
                        "embedded" => Self("serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--sqlite-dir", db),
                        "dev" => Start(serverPath, "dev", "--port", port.ToString(CultureInfo.InvariantCulture), "--sqlite-dir", db, "--log-level", "Warning"),
                        _ => throw new ArgumentException($"unknown target '{target}' (hello, dev, embedded)"),
                    };
                    if (target == "dev" && !File.Exists(serverPath))
                    {
                        throw new ArgumentException($"{serverPath} does not exist: run `dotnet build -c Release src/Steadfast.Server` first, or pass --server");
                    }

                    using var server = Process.Start(psi)!;
                    var log = new StringBuilder();
                    server.OutputDataReceived += (_, e) => log.AppendLine(e.Data);
                    server.ErrorDataReceived += (_, e) => log.AppendLine(e.Data);
                    server.BeginOutputReadLine();
                    server.BeginErrorReadLine();
                    try
                    {
                        var baseUri = new Uri($"http://127.0.0.1:{port}/");
                        await WaitHealthyAsync(baseUri, server, log);
                        var url = new Uri(baseUri, "e/bench-key");
                        var body = mode == "batch" ? many : single;
                        await load.RunAsync(url, body, connections, warmup);
                        var before = await StatsAsync(baseUri, target);
                        var cpu0 = server.TotalProcessorTime;
                        var r = await load.RunAsync(url, body, connections, duration);
                        var cpu = server.TotalProcessorTime - cpu0;
                        var after = await StatsAsync(baseUri, target);
                        var rps = r.OkPerSecond;
                        if (target == "hello")
                        {
                            helloRate[mode] = rps;
                        }

                        var target1 = target == "hello" ? "(reference)" : mode == "batch" ? ">= 100,000" : ">= 15,000";
                        var vsHello = target != "hello" && helloRate.TryGetValue(mode, out var h) ? $"{rps / h:P0}" : "";
                        string runs = "", perCommit = "";
                        if (before is not null && after is not null)
                        {
                            runs = $"{after[2] - before[2]:N0} / {after[3] - before[3]:N0}";
                            perCommit = $"{(double)r.Ok * perRequest / Math.Max(1, after[0] - before[0]):0.0} ({after[0] - before[0]:N0} commits, {after[1] - before[1]:N0} writes)";
                        }

                        table.Add(
                            target == "dev" ? "steadfast dev (Release, no functions)" : target == "embedded" ? "embedded engine + 1 function (run per event)" : "Kestrel hello-world",
                            mode == "batch" ? $"{batch} events" : "1 event",
                            rps,
                            target == "hello" ? "" : (object)(rps * perRequest),
                            target1,
                            vsHello,
                            r.P50Ms,
                            r.P99Ms,
                            r.Failed,
                            $"{cpu.TotalSeconds / r.Seconds / Environment.ProcessorCount:P0}",
                            runs,
                            perCommit);
                        Console.WriteLine($"  {target}/{mode}: {rps:N0} req/s, {rps * perRequest:N0} events/s, failed {r.Failed}");
                    }
                    finally
                    {
                        server.Kill(entireProcessTree: true);
                        await server.WaitForExitAsync();
                    }
                }
            }
        }
        finally
        {
            Stats.TryDelete(work);
        }

        table.Print();
        return 0;
    }

    private static async Task<long[]?> StatsAsync(Uri baseUri, string target)
    {
        if (target != "embedded")
        {
            return null;
        }

        using var client = new HttpClient();
        var text = await client.GetStringAsync(new Uri(baseUri, "bench/stats"));
        return [.. text.Split(' ').Select(s => long.Parse(s, CultureInfo.InvariantCulture))];
    }

    private static async Task WaitHealthyAsync(Uri baseUri, Process server, StringBuilder log)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {server.ExitCode}:\n{log}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(baseUri, "health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"the server did not become healthy:\n{log}");
    }

    private static ProcessStartInfo Self(params string[] args)
    {
        var exe = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(exe) == "dotnet"
            ? Start(exe, [typeof(IngestBenchmark).Assembly.Location, .. args])
            : Start(exe, args);
    }

    private static ProcessStartInfo Start(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return psi;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Steadfast.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Environment.CurrentDirectory;
    }
}
