using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Steadfast.Engine.Drivers.Http;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Json;

namespace Steadfast.Bench.Http;

/// <summary>
/// The <c>micro</c> verb: what one call costs the server's HTTP driver without the engine and SQLite. (1) the call
/// body of the last call of a 5-step run, serialized and JCS-canonicalized; (2) <see cref="HttpFunctionDriver"/>
/// calling the <c>stub</c> verb (a bare Kestrel answering a canned 206 StepRun) from concurrent loops, with this
/// process's CPU per call (HttpClient, body, signing off, response mapping) and the stub's.
/// </summary>
internal static class MicroBenchmark
{
    private const string StubResponse = """[{"id":"2d6c8a6d5e3ae20b7052d2b615b35f520c50f090","op":"StepRun","name":"s0","displayName":"s0","data":0}]""";

    public static async Task<int> RunAsync(BenchArgs cli)
    {
        var steps = cli.Int("--steps", 5);
        var iterations = cli.Int("--iterations", 100_000);
        var duration = TimeSpan.FromSeconds(cli.Int("--duration", 8));
        var concurrency = cli.Int("--concurrency", 64);
        cli.EnsureAllUsed();

        var request = LastCall(steps);
        var table = new ResultTable($"HTTP driver per-call costs without the engine ({Environment.ProcessorCount} cores, load average {ProcCpu.LoadAverage()})", "what", "per call", "note");

        var plain = Time(iterations, () => JsonSerializer.SerializeToUtf8Bytes(request, ProtocolJsonContext.Default.CallRequest));
        var json = JsonSerializer.SerializeToUtf8Bytes(request, ProtocolJsonContext.Default.CallRequest);
        var jcs = Time(iterations, () => JcsCanonicalizer.Canonicalize(json));
        table.Add("serialize CallRequest (System.Text.Json, source-generated)", $"{plain:0.0} µs", $"{json.Length} bytes: the last call of a {steps}-step run");
        table.Add("JCS canonicalization of that body", $"{jcs:0.0} µs", "done on every call, signed or not");

        var port = FreePort();
        using var stub = Child.Start("stub", ChildProcess.Self("stub", "--port", port.ToString(CultureInfo.InvariantCulture)));
        var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/api/inngest");
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1024, UseCookies = false, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var driver = new HttpFunctionDriver(client, new Dictionary<string, Uri> { ["bench-steps"] = url }, new HttpDriverOptions(), TimeProvider.System);
        await WaitStubAsync(client, url, stub);

        await DriveAsync(driver, request, concurrency, TimeSpan.FromSeconds(2));
        var self0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var stub0 = ProcCpu.ProcessSeconds(stub.Id);
        var (calls, seconds) = await DriveAsync(driver, request, concurrency, duration);
        var self = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - self0;
        var stubCpu = ProcCpu.ProcessSeconds(stub.Id) - stub0;
        table.Add($"HttpFunctionDriver.CallAsync -> bare Kestrel stub, {concurrency} in flight", $"{calls / seconds:N0} calls/s", $"{calls:N0} calls in {seconds:0.0} s");
        table.Add("  driver side CPU (this process: body + JCS + HttpClient + mapping)", $"{self * 1e6 / calls:0} µs", "");
        table.Add("  stub CPU (Kestrel, canned 206 answer)", $"{stubCpu * 1e6 / calls:0} µs", "what any .NET app pays before its SDK");
        table.Print();
        return 0;
    }

    /// <summary>The <c>stub</c> verb: Kestrel answering every POST with a canned 206 StepRun, as an SDK would.</summary>
    public static async Task<int> StubAsync(BenchArgs cli)
    {
        var port = cli.Int("--port", 3000);
        cli.EnsureAllUsed();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var body = Encoding.UTF8.GetBytes(StubResponse);
        app.MapPost("/api/inngest", async (HttpContext http) =>
        {
            // Read the body as an SDK must, then answer.
            var buffer = new byte[16384];
            while (await http.Request.Body.ReadAsync(buffer) > 0)
            {
            }

            http.Response.StatusCode = 206;
            http.Response.ContentType = "application/json";
            http.Response.Headers["x-inngest-sdk"] = "stub:v0";
            http.Response.Headers["x-inngest-req-version"] = "2";
            await http.Response.Body.WriteAsync(body);
        });
        await app.RunAsync();
        return 0;
    }

    private static CallRequest LastCall(int steps)
    {
        var e = JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["data"] = new Dictionary<string, int> { ["n"] = 42 },
            ["id"] = "01M84VHVF84HK4GXHM6KGVG2WF",
            ["name"] = "bench/steps",
            ["ts"] = 1795459444199,
            ["user"] = new Dictionary<string, int>(),
        });
        var ids = Enumerable.Range(0, steps).Select(i => Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes($"s{i}")))).ToList();
        return new CallRequest
        {
            Event = e,
            Events = [e],
            Steps = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["data"] = x.i })),
            Version = 2,
            Ctx = new CallContext { RunId = "01M84VHVFH1BKFFB0XQNMY709H", MaxAttempts = 1, Stack = new CallStack { Stack = ids, Current = steps } },
        };
    }

    private static double Time(int iterations, Action action)
    {
        for (var i = 0; i < Math.Min(iterations, 10_000); i++)
        {
            action();
        }

        var sw = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            action();
        }

        return sw.Elapsed.TotalMicroseconds / iterations;
    }

    private static async Task<(long Calls, double Seconds)> DriveAsync(HttpFunctionDriver driver, CallRequest request, int concurrency, TimeSpan duration)
    {
        var calls = 0L;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (sw.Elapsed < duration)
            {
                var response = await driver.CallAsync("bench-steps", "step", request);
                if (response.Outcome != CallOutcome.Ops)
                {
                    throw new InvalidOperationException($"the stub's answer mapped to {response.Outcome}: {response.Error?.Message}");
                }

                Interlocked.Increment(ref calls);
            }
        })));
        return (calls, sw.Elapsed.TotalSeconds);
    }

    private static async Task WaitStubAsync(HttpClient client, Uri url, Child stub)
    {
        for (var i = 0; i < 300; i++)
        {
            if (stub.HasExited)
            {
                throw new InvalidOperationException($"the stub exited:\n{stub.Log}");
            }

            try
            {
                using var response = await client.PostAsync(url, new StringContent("{}"));
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"the stub did not answer:\n{stub.Log}");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
