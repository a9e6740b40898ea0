using System.Globalization;
using System.Text.Json;
using Steadfast.Sdk;
using Steadfast.Sdk.AspNetCore;

namespace Steadfast.Bench.Http;

/// <summary>
/// The <c>app</c> verb: the C# side of the benchmark, a real serve endpoint (<c>AddServeEndpoint</c> +
/// <c>MapSteadfast("/api/inngest")</c>) with one function of <c>--steps</c> trivial <c>step.Run</c> calls, run as its
/// own process so its CPU time is measured apart from the server's. <c>GET /bench/stats</c> answers the same
/// <c>{"calls","finals"}</c> as <c>interop/js/bench-app.js</c>.
/// </summary>
internal static class CSharpApp
{
    public const string AppId = "bench-cs";
    public const string FunctionId = "bench-steps";

    public static async Task<int> RunAsync(BenchArgs cli)
    {
        var port = cli.Int("--port", 3000);
        var server = new Uri(cli.Str("--server-url", "http://127.0.0.1:8288"));
        var steps = cli.Int("--steps", 5);
        var eventName = cli.Str("--event", "bench/steps");
        var parent = cli.Int("--parent-pid", 0);
        var delayMs = cli.Int("--step-delay-ms", 0);
        cli.EnsureAllUsed();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

        // What a production app's appsettings.json does: no per-request Information logs from ASP.NET Core.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var stats = new AppStats();
        builder.Services
            .AddSteadfast(o => o.AppId = AppId)
            .AddFunction<JsonElement>(
                new FunctionOptions { Id = FunctionId, Trigger = eventName, Retries = 0 },
                async ctx =>
                {
                    var sum = 0;
                    for (var i = 0; i < steps; i++)
                    {
                        var n = i;
                        sum += await ctx.Step.Run($"s{n.ToString(CultureInfo.InvariantCulture)}", async () =>
                        {
                            // --step-delay-ms: a slow app that costs no CPU (what waiting on a database or an API
                            // looks like), to see how the server's cost per call depends on the app's latency.
                            // Uniform in [0, 2 x mean], so answers arrive spread out, not in waves.
                            if (delayMs > 0)
                            {
                                await Task.Delay(Random.Shared.Next(0, (2 * delayMs) + 1));
                            }

                            return n;
                        });
                    }

                    stats.Final();
                    return new { sum };
                })
            .AddServeEndpoint(o =>
            {
                o.Dev = true;
                o.BaseUrl = server;
            });

        var app = builder.Build();
        app.Use((http, next) =>
        {
            if (HttpMethods.IsPost(http.Request.Method))
            {
                stats.Call();
            }

            return next(http);
        });
        app.MapSteadfast("/api/inngest");
        app.MapGet("/bench/stats", () => Results.Text(stats.Json(), "application/json"));
        if (parent > 0)
        {
            _ = ExitWithParentAsync(parent, app);
        }

        await app.RunAsync();
        return 0;
    }

    private static async Task ExitWithParentAsync(int parent, WebApplication app)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync())
        {
            if (!Directory.Exists($"/proc/{parent.ToString(CultureInfo.InvariantCulture)}"))
            {
                await app.StopAsync();
                return;
            }
        }
    }

    private sealed class AppStats
    {
        private long _calls;
        private long _finals;

        public void Call() => Interlocked.Increment(ref _calls);

        public void Final() => Interlocked.Increment(ref _finals);

        public string Json() => $$"""{"calls":{{Interlocked.Read(ref _calls)}},"finals":{{Interlocked.Read(ref _finals)}}}""";
    }
}
