namespace Steadfast.Bench;

internal static class HelpText
{
    public const string Main = """
        Steadfast performance benchmarks (issue 2). Results and references: BENCHMARKS.md.

        usage: dotnet run -c Release --project bench/Steadfast.Bench -- <verb> [--options]

        verbs:
          ingest     HTTP event ingest (1 event/request and 100 events/request) against a Kestrel hello-world,
                     the real `steadfast dev` process and an embedded engine whose function runs per event
          steps      in-process runs of a three-step function, completed per second, durable
          latency    accepted event -> first step start on an idle engine (p50/p99)
          sleepers   100k runs sleeping at once: memory, and wake-up lag behind the due time
          fsync      raw write+fsync rate of the disk the databases live on (the durability floor)
          all        every benchmark above with its defaults
          hello      (server) Kestrel hello-world: POST /e/{key} reads the body, answers a fixed JSON
          serve      (server) embedded engine over HTTP with a trivial function on bench/ingest

        <verb> --help lists the verb's options.
        """;

    public static string For(string verb) => verb switch
    {
        "ingest" => """
            ingest [--duration 8] [--warmup 2] [--connections 64] [--threads 2] [--batch 100]
                   [--targets hello,dev,embedded,inproc] [--modes single,batch] [--loadgen auto|wrk|csharp]
                   [--server <path to the Release steadfast binary>]
              Starts each server as a separate process on a free loopback port, warms up, then drives it for
              --duration seconds with wrk (if on PATH) or the built-in HttpClient load generator.
              dev      = src/Steadfast.Server/bin/Release/net10.0/steadfast dev (build it first:
                         dotnet build -c Release src/Steadfast.Server); no functions, so no runs are created.
              embedded = this program's `serve` verb: engine + a no-step function on the event name, so every
                         event creates a run that then executes.
              inproc   = EventIngestor.IngestAsync called directly (no HTTP, 16 loops), without and with a function:
                         what the store accepts when HTTP and the load generator cost nothing.
            """,
        "steps" => """
            steps [--runs 20000] [--batch 100] [--inflight 4] [--sync FULL|NORMAL]
              Ingests --runs events in batches; each starts a run of a function with three step.Run steps.
              Measures until every run is Completed.
            """,
        "latency" => """
            latency [--samples 1000] [--warmup 200] [--sync FULL|NORMAL] [--dump <file>]
              One event at a time on an idle engine: Stopwatch before IngestAsync -> first line of the first step.
              --dump writes "index commit-ms dispatch-ms" per sample, in order.
            """,
        "sleepers" => """
            sleepers [--runs 100000] [--lead 30] [--spread 30] [--batch 500] [--inflight 4]
              Creates --runs runs that step.SleepUntil a due time from their event: now + lead + i*spread/runs
              seconds. Measures memory after a full GC while all sleep, then each run's wake lag in the step after.
            """,
        "fsync" => "fsync [--count 300]\n  4 KiB write + fsync in a loop in the benchmark temp folder.",
        "hello" => "hello --port <n>",
        "serve" => "serve --port <n> --sqlite-dir <dir>",
        _ => Main,
    };
}
