using System.Globalization;
using Steadfast.Bench;
using Steadfast.Bench.Http;

try
{
    var cli = BenchArgs.Parse(args);
    if (cli.Verb is "" or "help" || (cli.Help && cli.Verb is not ("csharp" or "js" or "all" or "app" or "micro" or "stub")))
    {
        Console.WriteLine(HelpText.Main);
        return cli.Verb is "" ? 1 : 0;
    }

    if (cli.Help)
    {
        Console.WriteLine(cli.Verb == "app" ? HelpText.App : HelpText.Main);
        return 0;
    }

    switch (cli.Verb)
    {
        case "app":
            return await CSharpApp.RunAsync(cli);
        case "stub":
            return await MicroBenchmark.StubAsync(cli);
        case "micro":
            Console.WriteLine($"# steadfast bench-http micro — {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {ProcCpu.LoadAverage()}");
            return await MicroBenchmark.RunAsync(cli);
    }

    string[] sdks = cli.Verb switch
    {
        "csharp" => ["csharp"],
        "js" => ["js"],
        "all" => ["csharp", "js"],
        _ => throw new ArgumentException($"unknown verb '{cli.Verb}' (see --help)"),
    };
    var settings = Settings.From(cli);
    Console.WriteLine($"# steadfast bench-http {cli.Verb} — {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {ProcCpu.LoadAverage()}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
    if (settings.StepDelayMs > 0)
    {
        Console.WriteLine($"# every step body waits {settings.StepDelayMs} ms (a slow app that costs no CPU)");
    }

    Console.WriteLine($"# {settings.Events} events -> {settings.Events} runs of {settings.Steps} step.run + 1 final call each, after {settings.Warmup} warm-up runs; {settings.Repeat} repetitions, SDKs interleaved");

    var bench = new DriverBenchmark(settings);
    var trials = new List<Trial>();
    for (var rep = 1; rep <= settings.Repeat; rep++)
    {
        foreach (var sdk in sdks)
        {
            var t = await bench.RunTrialAsync(sdk, rep);
            trials.Add(t);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {sdk} #{rep}: {t.CallsPerSecond:N0} step calls/s, {t.RunsPerSecond:N0} runs/s, {t.Seconds:0.00} s, server {t.ServerMicrosPerCall:0} µs/call ({t.Share(t.ServerCpu):P0}, writer {t.WriterMicrosPerCall:0} µs, JIT {t.JitMicrosPerCall:0} µs, {t.PerCall("fsync"):0.00} fsync/call), app {t.AppMicrosPerCall:0} µs/call ({t.Share(t.AppCpu):P0}), others {t.OthersShare:P0}, failed {t.FailedRuns}, load {t.LoadBefore} -> {t.LoadAfter}"));
        }
    }

    Report.Print(trials, sdks, settings);
    Console.WriteLine($"# load average at the end: {ProcCpu.LoadAverage()}");
    return 0;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
