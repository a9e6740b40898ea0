using Steadfast.Bench.FlowControl;

// dotnet run -c Release --project bench/Steadfast.Bench.FlowControl -- [concurrency|debounce|batch|all]
var verb = args.Length > 0 ? args[0] : "all";
var ok = true;
if (verb is "concurrency" or "all")
{
    ok &= await ConcurrencyBenchmark.RunAsync();
}

if (verb is "debounce" or "all")
{
    ok &= await DebounceBenchmark.RunAsync();
}

if (verb is "batch" or "all")
{
    ok &= await BatchBenchmark.RunAsync();
}

if (verb is not ("concurrency" or "debounce" or "batch" or "all"))
{
    Console.Error.WriteLine("usage: Steadfast.Bench.FlowControl [concurrency|debounce|batch|all]");
    return 2;
}

Console.WriteLine(ok ? "ALL CHECKS PASSED" : "A CHECK FAILED");
return ok ? 0 : 1;
