using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Steadfast.Expressions.Tests;

/// <summary>Seeded random inputs: the parser only ever throws ExpressionSyntaxException and evaluation never throws.</summary>
public sealed class FuzzTests
{
    private static readonly string[] s_tokens =
    [
        "event", "async", "data", "x", "y", ".", ".", "[", "]", "(", ")", "{", "}", ",", ":", "?", "==", "!=", "<", "<=", ">",
        ">=", "&&", "||", "!", "+", "-", "*", "/", "%", "in", "1", "0", "-1", "1u", "2.5", "1e9", "0x1F", "9223372036854775807",
        "'s'", "\"t\"", "r'\\d'", "b'\\xff'", "'''m'''", "true", "false", "null", "has", "size", "int", "uint", "double", "string",
        "bool", "bytes", "type", "dyn", "exists", "all", "map", "filter", "exists_one", "matches", "contains", "startsWith",
        "timestamp", "duration", "'1s'", "'2024-01-01T00:00:00Z'", "'(a|b)*c'", "t", "if", "`a-b`", "//c\n",
    ];

    private static readonly string[] s_expressions =
    [
        "event.data.x == 1", "event.data.x + 1", "event.data.x * event.data.x", "event.data.x / event.data.y",
        "event.data.s.startsWith('a')", "event.data.s.matches('^a+$')", "size(event.data.l) > 0", "event.data.l[0] == event.data.x",
        "event.data.l.exists(v, v == 1)", "event.data.l.map(v, v * 2)", "event.data.m.all(k, k != '')", "has(event.data.m.k)",
        "int(event.data.s)", "double(event.data.x)", "string(event.data.l)", "timestamp(event.data.s)", "event.data.x in event.data.l",
        "event.data.s in event.data.m", "event.data == async.data", "event.data.l + event.data.l", "event.data.x < event.data.s",
        "type(event.data.x) == int", "event.data.m[event.data.s]", "event.data.l[event.data.x]",
    ];

    [Fact]
    public void Compile_RandomStrings_OnlyThrowsSyntaxException()
    {
        var random = new Random(42);
        const string alphabet = "abcxyz_019.()[]{}<>=!&|+-*/%?:,'\"`\\ \n\trbuU\u00e9\u2028\ud83d\ude00";
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(0, 40);
            var text = new StringBuilder(length);
            for (var j = 0; j < length; j++)
            {
                text.Append(random.Next(10) == 0 ? (char)random.Next(0, 0xFFFF) : alphabet[random.Next(alphabet.Length)]);
            }

            AssertCompilesOrSyntaxError(text.ToString());
        }
    }

    [Fact]
    public void Compile_RandomTokenSequences_OnlyThrowsSyntaxExceptionAndEvaluationNeverThrows()
    {
        var random = new Random(7);
        var context = new ExpressionContext(RandomJson(random), RandomJson(random));
        var compiledCount = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var count = random.Next(1, 12);
            var text = string.Join(random.Next(3) == 0 ? string.Empty : " ", Enumerable.Range(0, count).Select(_ => s_tokens[random.Next(s_tokens.Length)]));
            if (AssertCompilesOrSyntaxError(text) is { } compiled)
            {
                compiledCount++;
                var result = compiled.Evaluate(context);
                Assert.True(Enum.IsDefined(result.Kind));
                _ = result.ToString();
                _ = result.ToJsonString();
            }
        }

        Assert.True(compiledCount > 500, $"only {compiledCount} random token sequences compiled; the generator is too weak");
    }

    [Fact]
    public void Evaluate_RandomJson_NeverThrows()
    {
        var random = new Random(99);
        var compiled = s_expressions.Select(ExpressionCompiler.Compile).ToArray();
        var kinds = new HashSet<CelValueKind>();
        for (var i = 0; i < 3_000; i++)
        {
            var context = new ExpressionContext(RandomJson(random), RandomJson(random));
            foreach (var expression in compiled)
            {
                var result = expression.Evaluate(context);
                kinds.Add(result.Kind);
                _ = result.ToJsonString();
            }
        }

        Assert.Contains(CelValueKind.Bool, kinds);
        Assert.Contains(CelValueKind.Error, kinds);
        Assert.Contains(CelValueKind.Int, kinds);
    }

    [Theory]
    [InlineData("[1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10].map(b, [1,2,3,4,5,6,7,8,9,10].map(c, [1,2,3,4,5,6,7,8,9,10].map(d, [1,2,3,4,5,6,7,8,9,10].map(e, [1,2,3,4,5,6,7,8,9,10].map(f, f))))))")]
    [InlineData("[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, [1,2,3,4,5,6,7,8,9,10].all(f, true))))))")]
    public void Evaluate_ExplosiveMacros_HitIterationLimitQuickly(string expression)
    {
        var stopwatch = Stopwatch.StartNew();

        var result = ExpressionCompiler.Compile(expression).Evaluate(new ExpressionContext());

        Assert.True(result.IsError);
        Assert.Contains("evaluation limit exceeded", result.ErrorMessage, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Evaluate_StringGrowth_HitsSizeLimit()
    {
        var big = new string('a', 600_000);
        var context = new ExpressionContext(JsonDocument.Parse($$"""{"s":"{{big}}"}""").RootElement);

        var result = ExpressionCompiler.Compile("event.s + event.s").Evaluate(context);

        Assert.Contains("evaluation limit exceeded", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PathologicalRegex_FinishesInLinearTime()
    {
        var context = new ExpressionContext(JsonDocument.Parse($$"""{"s":"{{new string('a', 50_000)}}b"}""").RootElement);
        var stopwatch = Stopwatch.StartNew();

        var result = ExpressionCompiler.Compile("event.s.matches('^(a+)+$')").Evaluate(context);

        Assert.False(result.IsError && !result.ErrorMessage!.Contains("timed out", StringComparison.Ordinal), result.ErrorMessage);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Compile_DeepLeftChain_RejectedByTreeHeightLimit()
    {
        var expression = string.Join(" + ", Enumerable.Repeat("1", 1000));

        var ex = Assert.Throws<ExpressionSyntaxException>(() => ExpressionCompiler.Compile(expression));

        Assert.Contains("too deeply nested", ex.Message, StringComparison.Ordinal);
    }

    private static CompiledExpression? AssertCompilesOrSyntaxError(string text)
    {
        try
        {
            return ExpressionCompiler.Compile(text);
        }
        catch (ExpressionSyntaxException ex)
        {
            Assert.InRange(ex.Position, 0, text.Length);
            Assert.True(ex.Line >= 1 && ex.Column >= 1);
            _ = ex.CaretDiagram();
            return null;
        }
    }

    private static JsonElement RandomJson(Random random)
    {
        var data = new Dictionary<string, object?>
        {
            ["x"] = RandomScalar(random),
            ["y"] = RandomScalar(random),
            ["s"] = random.Next(3) == 0 ? "2024-01-01T00:00:00Z" : RandomScalar(random),
            ["l"] = Enumerable.Range(0, random.Next(4)).Select(_ => RandomScalar(random)).ToList(),
            ["m"] = random.Next(4) == 0 ? null : new Dictionary<string, object?> { ["k"] = RandomScalar(random), [""] = 1 },
        };
        if (random.Next(5) == 0)
        {
            data.Remove("x");
        }

        return JsonSerializer.SerializeToElement(new Dictionary<string, object?> { ["data"] = data });
    }

    private static object? RandomScalar(Random random) => random.Next(9) switch
    {
        0 => null,
        1 => random.Next(2) == 0,
        2 => random.Next(-3, 4),
        3 => long.MaxValue,
        4 => random.NextDouble() * 10,
        5 => 1e300,
        6 => "a" + new string('a', random.Next(3)),
        7 => new List<object> { 1, "a" },
        _ => ulong.MaxValue,
    };
}
