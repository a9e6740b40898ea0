namespace Steadfast.Bench.Http;

internal static class HelpText
{
    public const string Main = """
        Steps per second through Steadfast's HTTP driver (issue 4). Results: bench/HTTP-DRIVER.md.

        usage: dotnet run -c Release --project bench/Steadfast.Bench.Http -- <verb> [--options]

        verbs:
          csharp   the C# serve endpoint (AddServeEndpoint + MapSteadfast, this program's `app` verb)
          js       the official JS SDK (inngest 4.24.0 + Express, interop/js/bench-app.js; `npm ci` there first)
          all      both, interleaved (csharp, js, csharp, js, ...) so they share the machine's load alike
          micro    per-call costs of the server's HTTP driver alone: JCS canonicalization of a call body, and
                   HttpFunctionDriver against a bare Kestrel stub (CPU per call on both sides)
                   [--steps 5] [--iterations 100000] [--duration 8] [--concurrency 64]
          stub     (child) Kestrel answering every POST with a canned 206 StepRun: stub --port <n>
          app      (child) the C# app: app --port <n> --server-url <url> [--steps 5] [--step-delay-ms 0] [--parent-pid <pid>]

        options of csharp, js and all:
          --events 2000    runs measured (one event each), sent in POST /e bodies of --batch events
          --steps 5        step.run calls per run; each run costs steps + 1 HTTP calls from server to app
          --batch 100      events per POST /e
          --warmup 1000    runs completed before the window (JIT tiering, connections), not counted
          --repeat 3       repetitions; the summary shows the median by step calls/s
          --timeout 300    seconds to wait for all runs of one repetition before failing
          --server <path>  the steadfast binary (default src/Steadfast.Server/bin/Release/net10.0/steadfast;
                           build it first: dotnet build -c Release src/Steadfast.Server)
          --node node      the node executable for the JS app
          --step-delay-ms 0  every step body first awaits a uniform random 0..2x this many ms: a slow app that
                           costs no CPU and answers spread out in time (its mean latency is this value)
          --perf on        count the server's fsync/pwrite64/sendto calls with `perf stat -p` (off: skip)

        Each repetition starts a fresh `steadfast dev --no-discovery` (SQLite in a temp directory) and a fresh app,
        each on a free loopback port, syncs the app with PUT /api/inngest, runs the warm-up, then sends --events
        events and stops the clock when the app has finished every function body and GET /v1/runs?status=Completed
        lists every run. CPU time is utime+stime from /proc/<pid>/stat of the server and the app; "others" is the
        rest of the machine's busy time (/proc/stat) minus the server, the app and this program.
        """;

    public const string App = "app --port <n> --server-url <url> [--steps 5] [--step-delay-ms 0] [--event bench/steps] [--parent-pid <pid>]";
}
