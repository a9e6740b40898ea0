namespace Steadfast.Expressions.Tests.Conformance;

/// <summary>
/// Runs the cases extracted from google/cel-spec tests/simple/testdata/{basic, comparisons,
/// conversions, fp_math, integer_math, lists, logic, macros, parse, plumbing, string, fields,
/// timestamps}.textproto (see cel-spec-cases.json for the commit). Cases outside Steadfast's
/// subset are listed in <see cref="KnownGaps"/> with the reason, and checked to still fail so the
/// list cannot go stale.
/// </summary>
public sealed class CelSpecConformanceTests
{
    public static TheoryData<string> SupportedCases() =>
        [.. ConformanceData.Cases.Keys.Where(id => !KnownGaps.Reasons.ContainsKey(id))];

    public static TheoryData<string> GapCases() =>
        [.. ConformanceData.Cases.Keys.Where(KnownGaps.Reasons.ContainsKey)];

    [Theory]
    [MemberData(nameof(SupportedCases))]
    public void Evaluate_CelSpecCase_MatchesExpected(string id)
    {
        var outcome = Run(ConformanceData.Cases[id]);

        Assert.True(outcome.Passed, $"{id}: {outcome.Detail}");
    }

    [Theory]
    [MemberData(nameof(GapCases))]
    public void Evaluate_KnownGap_StillDiffers(string id)
    {
        var outcome = Run(ConformanceData.Cases[id]);

        Assert.False(outcome.Passed, $"{id} passes now: remove it from KnownGaps ({KnownGaps.Reasons[id]})");
    }

    [Fact]
    public void KnownGaps_AllNameExistingCases()
    {
        var stale = KnownGaps.Reasons.Keys.Where(id => !ConformanceData.Cases.ContainsKey(id)).ToList();

        Assert.True(stale.Count == 0, string.Join(", ", stale));
    }

    private static (bool Passed, string Detail) Run(ConformanceCase c)
    {
        CompiledExpression compiled;
        try
        {
            compiled = ExpressionCompiler.Compile(c.Expr);
        }
        catch (ExpressionSyntaxException ex)
        {
            // A compile-time rejection satisfies an expected error (cel-spec runs these unchecked).
            return (c.Error, $"compile error: {ex.Message}");
        }

        var context = new ExpressionContext();
        foreach (var (name, value) in c.Bindings ?? [])
        {
            context.Set(name, ConformanceData.ToValue(value));
        }

        CelValue actual;
        try
        {
            actual = compiled.Evaluate(context);
        }
        catch (Exception ex)
        {
            return (false, $"threw {ex}");
        }

        if (c.Error)
        {
            return (actual.IsError, $"expected an error, got {actual}");
        }

        var expected = ConformanceData.ToValue(c.Value!.Value);
        return (ConformanceData.StrictlyEqual(expected, actual), $"expected {expected} ({expected.TypeName}), got {actual} ({actual.TypeName})");
    }
}
