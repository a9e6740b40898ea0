using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Steadfast.Bench.Http;

/// <summary>
/// Starts the Release <c>steadfast dev</c> server and an app (C# serve endpoint or the official JS SDK) as child
/// processes on free loopback ports, syncs the app, sends events and times them until every run is Completed.
/// </summary>
internal sealed class DriverBenchmark(Settings settings)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task<Trial> RunTrialAsync(string sdk, int index)
    {
        var work = Path.Combine(Path.GetTempPath(), "steadfast-bench-http", $"{sdk}-{index}-{Guid.NewGuid():N}"[..(sdk.Length + 12)]);
        Directory.CreateDirectory(work);
        var serverPort = FreePort();
        var appPort = FreePort();
        var serverUri = new Uri($"http://127.0.0.1:{serverPort.ToString(CultureInfo.InvariantCulture)}/");
        var appUri = new Uri($"http://127.0.0.1:{appPort.ToString(CultureInfo.InvariantCulture)}/");
        try
        {
            using var server = Child.Start("steadfast dev", ChildProcess.Start(
                settings.ServerPath, "dev", "--port", serverPort.ToString(CultureInfo.InvariantCulture), "--sqlite-dir", work, "--no-discovery", "--log-level", "Warning"));
            await WaitOkAsync(new Uri(serverUri, "health"), server);

            using var app = Child.Start($"{sdk} app", AppStartInfo(sdk, appPort, serverUri));
            await WaitOkAsync(new Uri(appUri, "bench/stats"), app);

            using (var sync = await _http.PutAsync(new Uri(appUri, "api/inngest"), null))
            {
                var text = await sync.Content.ReadAsStringAsync();
                if (!sync.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"sync of the {sdk} app failed: {(int)sync.StatusCode} {text}\n{app.Log}\n{server.Log}");
                }
            }

            // Warm-up: JIT, connection pool, SQLite pages; its runs are excluded from the window.
            if (settings.Warmup > 0)
            {
                await SendAsync(serverUri, 0, settings.Warmup);
                await WaitFinishedAsync(serverUri, appUri, settings.Warmup, server, app);
            }

            var stats0 = await AppStatsAsync(appUri);
            var load0 = ProcCpu.LoadAverage();
            var machine0 = ProcCpu.Machine();
            var server0 = ProcCpu.ProcessSeconds(server.Id);
            var app0 = ProcCpu.ProcessSeconds(app.Id);
            var bench0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var writer0 = ThreadCpu.Snapshot(server.Id, ThreadCpu.Writer);
            var jit0 = ThreadCpu.Snapshot(server.Id, ThreadCpu.Jit);
            using var syscalls = SyscallCounter.TryStart(server.Id, settings.Perf);
            var sw = Stopwatch.StartNew();

            await SendAsync(serverUri, settings.Warmup, settings.Events);
            var sendSeconds = sw.Elapsed.TotalSeconds;
            await WaitFinishedAsync(serverUri, appUri, settings.Warmup + settings.Events, server, app);
            var seconds = sw.Elapsed.TotalSeconds;
            var counts = syscalls is null ? null : await syscalls.StopAsync();
            var writer1 = ThreadCpu.Snapshot(server.Id, ThreadCpu.Writer);
            var jit1 = ThreadCpu.Snapshot(server.Id, ThreadCpu.Jit);

            var server1 = ProcCpu.ProcessSeconds(server.Id);
            var app1 = ProcCpu.ProcessSeconds(app.Id);
            var bench1 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var machine1 = ProcCpu.Machine();
            var stats1 = await AppStatsAsync(appUri);
            var failed = await CountRunsAsync(serverUri, "Failed");

            return new Trial(
                sdk,
                stats1.Calls - stats0.Calls,
                stats1.Finals - stats0.Finals,
                seconds,
                sendSeconds,
                server1 - server0,
                app1 - app0,
                bench1 - bench0,
                machine1.Busy - machine0.Busy,
                machine1.Total - machine0.Total,
                load0,
                ProcCpu.LoadAverage(),
                failed,
                ThreadCpu.Delta(writer0, writer1),
                ThreadCpu.Delta(jit0, jit1),
                counts);
        }
        finally
        {
            TryDelete(work);
        }
    }

    private ProcessStartInfo AppStartInfo(string sdk, int port, Uri serverUri)
    {
        var parent = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var steps = settings.Steps.ToString(CultureInfo.InvariantCulture);
        if (sdk == "csharp")
        {
            return ChildProcess.Self(
                "app", "--port", port.ToString(CultureInfo.InvariantCulture), "--server-url", serverUri.ToString(), "--steps", steps, "--parent-pid", parent,
                "--step-delay-ms", settings.StepDelayMs.ToString(CultureInfo.InvariantCulture));
        }

        var script = Path.Combine(settings.RepoRoot, "interop/js/bench-app.js");
        if (!Directory.Exists(Path.Combine(settings.RepoRoot, "interop/js/node_modules/inngest")))
        {
            throw new ArgumentException("interop/js/node_modules is missing: run `npm ci` in interop/js first");
        }

        var psi = ChildProcess.Start(settings.Node, script);
        psi.WorkingDirectory = Path.GetDirectoryName(script)!;
        psi.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        psi.Environment["STEPS"] = steps;
        psi.Environment["STEP_DELAY_MS"] = settings.StepDelayMs.ToString(CultureInfo.InvariantCulture);
        psi.Environment["PARENT_PID"] = parent;
        psi.Environment["INNGEST_DEV"] = serverUri.ToString().TrimEnd('/');
        psi.Environment["NODE_ENV"] = "production";
        return psi;
    }

    private async Task SendAsync(Uri serverUri, int first, int count)
    {
        var url = new Uri(serverUri, "e/bench-key");
        for (var sent = 0; sent < count; sent += settings.Batch)
        {
            var n = Math.Min(settings.Batch, count - sent);
            var body = new StringBuilder("[");
            for (var i = 0; i < n; i++)
            {
                body.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"{{\"name\":\"bench/steps\",\"data\":{{\"n\":{first + sent + i}}}}}");
            }

            using var content = new StringContent(body.Append(']').ToString(), Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(url, content);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /e failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    /// <summary>
    /// Waits until the app has finished <paramref name="total"/> function bodies (cheap to poll: no load on the
    /// server), then until the server's REST API lists that many runs as Completed (the runs are durable then).
    /// </summary>
    private async Task WaitFinishedAsync(Uri serverUri, Uri appUri, int total, Child server, Child app)
    {
        var deadline = Stopwatch.StartNew();
        var last = (Calls: 0L, Finals: 0L);
        while (true)
        {
            if (deadline.Elapsed > settings.Timeout)
            {
                var failed = await CountRunsAsync(serverUri, "Failed");
                throw new TimeoutException($"after {settings.Timeout.TotalSeconds:0} s the app finished {last.Finals} of {total} runs ({last.Calls} calls, {failed} runs Failed)\n--- app ---\n{app.Log}\n--- server ---\n{server.Log}");
            }

            if (server.HasExited || app.HasExited)
            {
                throw new InvalidOperationException($"{(server.HasExited ? server.Name : app.Name)} exited\n--- app ---\n{app.Log}\n--- server ---\n{server.Log}");
            }

            last = await AppStatsAsync(appUri);
            if (last.Finals >= total && await CountRunsAsync(serverUri, "Completed") >= total)
            {
                return;
            }

            await Task.Delay(Poll);
        }
    }

    private async Task<(long Calls, long Finals)> AppStatsAsync(Uri appUri)
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri(appUri, "bench/stats")));
        return (doc.RootElement.GetProperty("calls").GetInt64(), doc.RootElement.GetProperty("finals").GetInt64());
    }

    /// <summary>Runs in <paramref name="status"/>, paging <c>GET /v1/runs</c> 1,000 at a time.</summary>
    private async Task<long> CountRunsAsync(Uri serverUri, string status)
    {
        var count = 0L;
        string? cursor = null;
        do
        {
            var url = new Uri(serverUri, $"v1/runs?status={status}&limit=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            using var doc = JsonDocument.Parse(await _http.GetStringAsync(url));
            count += doc.RootElement.GetProperty("data").GetArrayLength();
            var next = doc.RootElement.GetProperty("metadata").GetProperty("next_cursor");
            cursor = next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return count;
    }

    private async Task WaitOkAsync(Uri url, Child child)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (child.HasExited)
            {
                throw new InvalidOperationException($"{child.Name} exited before answering {url}:\n{child.Log}");
            }

            try
            {
                using var response = await _http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{child.Name} did not answer {url} within 60 s:\n{child.Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
