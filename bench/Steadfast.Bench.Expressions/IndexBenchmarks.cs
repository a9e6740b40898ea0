using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Steadfast.Expressions;

namespace Steadfast.Bench.Expressions;

/// <summary>100,000 pending waits on <c>event.data.user_id == async.data.user_id</c>; find the one an event resumes (target: ≤ 20 µs).</summary>
[MemoryDiagnoser]
public class IndexBenchmarks
{
    private ExpressionIndex<int> _index = null!;
    private JsonElement _hit;
    private JsonElement _miss;

    [Params(100_000)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _index = IndexMemory.Build(Entries);
        _hit = SampleEvents.Element(Entries / 2);
        _miss = SampleEvents.Element(Entries + 1);
        if (_index.FindMatches(_hit).Count != 1 || _index.FindMatches(_miss).Count != 0)
        {
            throw new InvalidOperationException("index benchmark set-up is wrong");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(Baseline = true)]
    public int FindMatchesOneHit() => _index.FindMatches(_hit).Count;

    [Benchmark]
    public int FindMatchesNoHit() => _index.FindMatches(_miss).Count;
}
