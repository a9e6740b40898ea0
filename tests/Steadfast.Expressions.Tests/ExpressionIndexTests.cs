using System.Text.Json;

namespace Steadfast.Expressions.Tests;

public sealed class ExpressionIndexTests
{
    [Fact]
    public void FindMatches_EventBoundEquality_ReturnsOnlyMatchingEntry()
    {
        using var index = new ExpressionIndex<string>();
        index.Add("p1", "event.data.user == async.data.user", Json("""{"data":{"user":"u_1"}}"""), "pause-1");
        index.Add("p2", "event.data.user == async.data.user", Json("""{"data":{"user":"u_2"}}"""), "pause-2");

        Assert.Equal(["pause-2"], index.FindMatches(Json("""{"data":{"user":"u_2"}}""")));
        Assert.Empty(index.FindMatches(Json("""{"data":{"user":"u_3"}}""")));
        Assert.Equal(0, index.UnindexedCount);
    }

    [Fact]
    public void FindMatches_LiteralEqualityWithExtraClause_EvaluatesCandidateFully()
    {
        using var index = new ExpressionIndex<int>();
        index.Add("a", "async.data.id == 'inv_1' && async.data.amount > 100", null, 1);

        Assert.Equal([1], index.FindMatches(Json("""{"data":{"id":"inv_1","amount":150}}""")));
        Assert.Empty(index.FindMatches(Json("""{"data":{"id":"inv_1","amount":50}}""")));
    }

    [Fact]
    public void FindMatches_NumericKeys_MatchAcrossIntAndDouble()
    {
        using var index = new ExpressionIndex<int>();
        index.Add("a", "async.data.n == event.data.n", Json("""{"data":{"n":1}}"""), 1);

        Assert.Equal([1], index.FindMatches(Json("""{"data":{"n":1.0}}""")));
    }

    [Fact]
    public void FindMatches_UnindexableExpression_FallsBackToEvaluation()
    {
        using var index = new ExpressionIndex<int>();
        index.Add("a", "async.data.amount > 10", null, 1);
        index.Add("b", "async.data.tags.exists(t, t == 'vip')", null, 2);

        Assert.Equal(2, index.UnindexedCount);
        Assert.Equal([1, 2], index.FindMatches(Json("""{"data":{"amount":11,"tags":["vip"]}}""")).Order());
    }

    [Fact]
    public void FindMatches_ReversedOperandsAndBracketPath_AreIndexed()
    {
        using var index = new ExpressionIndex<int>();
        index.Add("a", "'x' == async.data['kind'] && event.data.user_id == async.data.user_id", Json("""{"data":{"user_id":"u"}}"""), 1);

        Assert.Equal(0, index.UnindexedCount);
        Assert.Equal([1], index.FindMatches(Json("""{"data":{"kind":"x","user_id":"u"}}""")));
        Assert.Empty(index.FindMatches(Json("""{"data":{"kind":"x","user_id":"v"}}""")));
    }

    [Fact]
    public void Remove_Entry_NoLongerMatches()
    {
        using var index = new ExpressionIndex<int>();
        index.Add("a", "async.data.id == 'x'", null, 1);

        Assert.True(index.Remove("a"));
        Assert.False(index.Remove("a"));
        Assert.Empty(index.FindMatches(Json("""{"data":{"id":"x"}}""")));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Add_SameIdTwice_ReplacesEntry()
    {
        using var index = new ExpressionIndex<int>();
        index.Add("a", "async.data.id == 'x'", null, 1);
        index.Add("a", "async.data.id == 'y'", null, 2);

        Assert.Equal(1, index.Count);
        Assert.Empty(index.FindMatches(Json("""{"data":{"id":"x"}}""")));
        Assert.Equal([2], index.FindMatches(Json("""{"data":{"id":"y"}}""")));
    }

    [Fact]
    public void Add_InvalidExpression_ThrowsSyntaxException()
    {
        using var index = new ExpressionIndex<int>();

        Assert.Throws<ExpressionSyntaxException>(() => index.Add("a", "async.data.id ==", null, 1));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void FindMatches_AgreesWithFullEvaluation_OnRandomEntries()
    {
        var random = new Random(1234);
        using var index = new ExpressionIndex<int>();
        var expressions = new[]
        {
            "event.data.user == async.data.user",
            "async.data.plan == 'pro' && event.data.user == async.data.user",
            "async.data.n == event.data.n",
            "async.data.n > event.data.n",
            "event.data.user != async.data.user",
        };
        var entries = new List<(string Expression, JsonElement Event)>();
        for (var i = 0; i < 300; i++)
        {
            var expression = expressions[random.Next(expressions.Length)];
            var bound = Json($$$"""{"data":{"user":"u{{{random.Next(5)}}}","n":{{{random.Next(4)}}}}}""");
            entries.Add((expression, bound));
            index.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture), expression, bound, i);
        }

        for (var trial = 0; trial < 50; trial++)
        {
            var incoming = Json($$$"""{"data":{"user":"u{{{random.Next(5)}}}","n":{{{random.Next(4)}}}.0,"plan":"{{{(random.Next(2) == 0 ? "pro" : "free")}}}"}}""");
            var expected = Enumerable.Range(0, entries.Count)
                .Where(i => ExpressionCompiler.Compile(entries[i].Expression).EvaluateBool(new ExpressionContext(entries[i].Event, incoming)) == true)
                .ToList();

            Assert.Equal(expected, index.FindMatches(incoming).Order().ToList());
        }
    }

    [Fact]
    public async Task FindMatches_ConcurrentAddRemove_StaysConsistent()
    {
        using var index = new ExpressionIndex<int>();
        var incoming = Json("""{"data":{"id":"k"}}""");
        index.Add("stable", "async.data.id == 'k'", null, -1);

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                var id = $"{w}-{i}";
                index.Add(id, "async.data.id == 'k'", null, i);
                index.Remove(id);
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                Assert.Contains(-1, index.FindMatches(incoming));
            }
        }));

        await Task.WhenAll(writers.Concat(readers));

        Assert.Equal(1, index.Count);
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;
}
