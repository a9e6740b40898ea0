using Steadfast.Bench;

try
{
    var cli = BenchArgs.Parse(args);
    if (cli.Verb is "" or "help" || (cli.Help && cli.Verb is "all"))
    {
        Console.WriteLine(HelpText.Main);
        return cli.Verb is "" ? 1 : 0;
    }

    if (cli.Help)
    {
        Console.WriteLine(HelpText.For(cli.Verb));
        return 0;
    }

    Console.WriteLine($"# steadfast bench {cli.Verb} — {Stats.Machine()}");
    var rc = cli.Verb switch
    {
        "ingest" => await IngestBenchmark.RunAsync(cli),
        "steps" => await StepsBenchmark.RunAsync(cli),
        "latency" => await LatencyBenchmark.RunAsync(cli),
        "sleepers" => await SleepersBenchmark.RunAsync(cli),
        "hello" => await HelloServer.RunAsync(cli),
        "serve" => await EmbeddedServer.RunAsync(cli),
        "fsync" => FsyncProbe.Run(cli),
        "all" => await RunAllAsync(cli),
        _ => throw new ArgumentException($"unknown verb '{cli.Verb}' (see --help)"),
    };
    Console.WriteLine($"# load average at the end: {Stats.LoadAverage()}");
    return rc;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

static async Task<int> RunAllAsync(BenchArgs cli)
{
    cli.EnsureAllUsed();

    // Each benchmark in its own process, so memory and JIT state of one do not leak into the next.
    var rc = 0;
    foreach (var verb in new[] { "fsync", "ingest", "steps", "latency", "sleepers" })
    {
        using var child = System.Diagnostics.Process.Start(ChildProcess.Self(verb))!;
        await child.WaitForExitAsync();
        rc |= child.ExitCode;
    }

    return rc;
}
