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
        var duration = TimeSpan.FromSeconds(cli.Int("--duration", 8));
        var warmup = TimeSpan.FromSeconds(cli.Int("--warmup", 2));
        var connections = cli.Int("--connections", 64);
        var threads = cli.Int("--threads", 2);
        var batch = cli.Int("--batch", 100);
        var targets = cli.Str("--targets", "hello,dev,embedded,inproc").Split(',', StringSplitOptions.RemoveEmptyEntries);
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
            "server", "body", "requests/s", "events/s", "target events/s", "vs hello req/s", "p50 ms", "p99 ms", "failed", "server CPU (of all cores)", "writer thread busy", "runs created / completed", "events per commit");
        var helloRate = new Dictionary<string, double>(StringComparer.Ordinal);
        try
        {
            foreach (var target in targets)
            {
                if (target == "inproc")
                {
                    await InProcessAsync(table, modes, batch, duration, warmup);
                    continue;
                }

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
                        var writer0 = ThreadCpu.Of(server.Id, ThreadCpu.Writer);
                        var r = await load.RunAsync(url, body, connections, duration);
                        var cpu = server.TotalProcessorTime - cpu0;
                        var writer = ThreadCpu.Of(server.Id, ThreadCpu.Writer) - writer0;
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
                            target == "hello" ? "" : $"{writer.TotalSeconds / r.Seconds:P0}",
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

    /// <summary>The same ingest without HTTP: EventIngestor.IngestAsync called directly by 16 loops.</summary>
    private static async Task InProcessAsync(ResultTable table, string[] modes, int batch, TimeSpan duration, TimeSpan warmup)
    {
        foreach (var withRuns in new[] { false, true })
        {
            foreach (var mode in modes)
            {
                var perRequest = mode == "batch" ? batch : 1;
                long created = 0;
                await using var engine = await EmbeddedEngine.StartAsync("inproc", b =>
                {
                    if (withRuns)
                    {
                        b.AddFunction<System.Text.Json.JsonElement>(new Sdk.FunctionOptions { Id = "on-ingest", Trigger = EmbeddedServer.EventName }, ctx => Task.FromResult<object?>(null));
                    }
                });
                engine.Notifications.EventsCommitted += (_, runs) => Interlocked.Add(ref created, runs.Count);
                var events = EmbeddedEngine.Events(EmbeddedServer.EventName, 0, perRequest, i => new { user = "ada@example.com", plan = "pro", n = i });
                await LoopAsync(engine, events, warmup);
                var commits0 = engine.Store.Commits;
                var created0 = Interlocked.Read(ref created);
                var cpu0 = Stats.Cpu();
                var writer0 = ThreadCpu.Of(Environment.ProcessId, ThreadCpu.Writer);
                var sw = Stopwatch.StartNew();
                var requests = await LoopAsync(engine, events, duration);
                var seconds = sw.Elapsed.TotalSeconds;
                var cpu = Stats.Cpu() - cpu0;
                var writer = ThreadCpu.Of(Environment.ProcessId, ThreadCpu.Writer) - writer0;
                var commits = engine.Store.Commits - commits0;
                table.Add(
                    withRuns ? "in-process IngestAsync, no HTTP, 1 function" : "in-process IngestAsync, no HTTP, no functions",
                    mode == "batch" ? $"{batch} events" : "1 event",
                    requests / seconds,
                    requests * perRequest / seconds,
                    "",
                    "",
                    "",
                    "",
                    0,
                    $"{cpu.TotalSeconds / seconds / Environment.ProcessorCount:P0}",
                    $"{writer.TotalSeconds / seconds:P0}",
                    withRuns ? $"{Interlocked.Read(ref created) - created0:N0} / -" : "",
                    $"{(double)requests * perRequest / Math.Max(1, commits):0.0} ({commits:N0} commits)");
                Console.WriteLine($"  inproc/{(withRuns ? "runs" : "events")}/{mode}: {requests * perRequest / seconds:N0} events/s");
            }
        }
    }

    private static async Task<long> LoopAsync(EmbeddedEngine engine, System.Text.Json.JsonElement[] events, TimeSpan duration)
    {
        long requests = 0;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (sw.Elapsed < duration)
            {
                await engine.Ingestor.IngestAsync(events);
                Interlocked.Increment(ref requests);
            }
        })));
        return requests;
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

    private static ProcessStartInfo Self(params string[] args) => Redirected(ChildProcess.Self(args));

    private static ProcessStartInfo Start(string exe, params string[] args) => Redirected(ChildProcess.Start(exe, args));

    private static ProcessStartInfo Redirected(ProcessStartInfo psi)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
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
