using BenchmarkDotNet.Attributes;
using Steadfast.Expressions;

namespace Steadfast.Bench.Expressions;

/// <summary>Evaluating compiled conditions against a typical event (target: ≤ 200 ns, no allocations).</summary>
[MemoryDiagnoser]
public class EvaluateBenchmarks
{
    private readonly CompiledExpression _planAndAmount = ExpressionCompiler.Compile("event.data.plan == 'pro' && event.data.amount > 100");
    private readonly CompiledExpression _twoEqualities = ExpressionCompiler.Compile("event.data.user_id == async.data.user_id && async.data.plan == 'pro'");
    private readonly CompiledExpression _exists = ExpressionCompiler.Compile("event.data.tags.exists(t, t == 'b')");
    private readonly ExpressionContext _context = new(SampleEvents.Element(42), SampleEvents.Element(42));

    [Benchmark(Baseline = true)]
    public bool? PlanAndAmount() => _planAndAmount.EvaluateBool(_context);

    [Benchmark]
    public bool? TwoEqualitiesEventAndAsync() => _twoEqualities.EvaluateBool(_context);

    [Benchmark]
    public bool? ExistsMacro() => _exists.EvaluateBool(_context);

    [Benchmark]
    public CompiledExpression CompileCacheHit() => ExpressionCompiler.Compile("event.data.plan == 'pro' && event.data.amount > 100");
}
