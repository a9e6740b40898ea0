using BenchmarkDotNet.Running;
using Steadfast.Bench.Expressions;

if (args.Contains("--index-memory"))
{
    IndexMemory.Report(100_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(EvaluateBenchmarks).Assembly).Run(args);
