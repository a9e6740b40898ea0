namespace Steadfast.Expressions.Tests;

public sealed class EvaluationTests
{
    private const string Event = """{"name":"app/user.created","data":{"x":1,"user_id":"u_123","plan":"pro","amount":150,"ratio":0.5,"tags":["a","b"],"nested":{"ok":true},"nothing":null}}""";

    [Theory]
    [InlineData("event.data.x == 1", true)]
    [InlineData("event.data.x == 1.0", true)]
    [InlineData("event.data.x == 1u", true)]
    [InlineData("event.data.x != 2", true)]
    [InlineData("event.data.plan == 'pro' && event.data.amount > 100", true)]
    [InlineData("event.data.plan == 'pro' && event.data.amount > 200", false)]
    [InlineData("event.data.ratio < 1", true)]
    [InlineData("event.data.nested.ok", true)]
    [InlineData("event.data.nothing == null", true)]
    [InlineData("'a' in event.data.tags", true)]
    [InlineData("'c' in event.data.tags", false)]
    [InlineData("'plan' in event.data", true)]
    [InlineData("has(event.data.plan)", true)]
    [InlineData("has(event.data.missing)", false)]
    [InlineData("size(event.data.tags) == 2", true)]
    [InlineData("event.data.tags.size() == 2", true)]
    [InlineData("event.data.tags[1] == 'b'", true)]
    [InlineData("event.data['plan'] == 'pro'", true)]
    [InlineData("event.name.startsWith('app/')", true)]
    [InlineData("event.name.endsWith('.created')", true)]
    [InlineData("event.name.contains('user')", true)]
    [InlineData("event.data.user_id.matches('^u_[0-9]+$')", true)]
    [InlineData("event.data.amount > 100 ? true : false", true)]
    [InlineData("event.data.tags.exists(t, t == 'b')", true)]
    [InlineData("event.data.tags.all(t, t.size() == 1)", true)]
    [InlineData("event.data.tags.map(t, t + '!') == ['a!', 'b!']", true)]
    [InlineData("event.data.tags.filter(t, t != 'a') == ['b']", true)]
    [InlineData("event.data.missing == 1 || true", true)]
    [InlineData("true || event.data.missing == 1", true)]
    [InlineData("event.data.missing == 1 && false", false)]
    [InlineData("false && event.data.missing == 1", false)]
    [InlineData("type(event.data.x) == int", true)]
    [InlineData("type(event.data.ratio) == double", true)]
    [InlineData("int(event.data.ratio * 4.0) == 2", true)]
    [InlineData("string(event.data.x) == '1'", true)]
    public void Evaluate_InngestStyleExpressions_ReturnsExpectedBool(string expression, bool expected)
    {
        var result = Eval.Run(expression, Event);

        Assert.False(result.IsError, result.ErrorMessage);
        Assert.Equal(expected, result.AsBool());
    }

    [Fact]
    public void Evaluate_EventAndAsyncUserIdsMatch_ReturnsTrue()
    {
        var result = Eval.Run(
            "event.data.user_id == async.data.user_id",
            """{"data":{"user_id":"u_1"}}""",
            """{"data":{"user_id":"u_1"}}""");

        Assert.True(result.AsBool());
    }

    [Fact]
    public void Evaluate_AsyncBillingPlan_ComparesAsyncOnly()
    {
        var expression = ExpressionCompiler.Compile("async.data.billing_plan == 'enterprise'");

        Assert.True(expression.EvaluateBool(new ExpressionContext(null, Eval.Parse("""{"data":{"billing_plan":"enterprise"}}"""))));
        Assert.False(expression.EvaluateBool(new ExpressionContext(null, Eval.Parse("""{"data":{"billing_plan":"free"}}"""))));
    }

    [Theory]
    [InlineData("event.data.missing == 1", "no such key: missing")]
    [InlineData("event.data.x.y", "does not support field selection")]
    [InlineData("event.data.tags[5]", "index out of range")]
    [InlineData("1 + 1.0", "no such overload")]
    [InlineData("9223372036854775807 + 1", "overflow")]
    [InlineData("-9223372036854775808 - 1", "overflow")]
    [InlineData("1 / 0", "division by zero")]
    [InlineData("1 % 0", "modulus by zero")]
    [InlineData("0u - 1u", "overflow")]
    [InlineData("'a' < 1", "no such overload")]
    [InlineData("!1", "no such overload")]
    [InlineData("{'a': 1, 'a': 2}", "repeated key")]
    [InlineData("has(event.data.missing.x)", "no such key: missing")]
    [InlineData("int('abc')", "cannot convert")]
    [InlineData("nope == 1", "no such attribute: nope")]
    public void Evaluate_RuntimeProblem_ReturnsErrorValue(string expression, string message)
    {
        var result = Eval.Run(expression, Event);

        Assert.True(result.IsError);
        Assert.Contains(message, result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateBool_ErrorOrNonBool_ReturnsNull()
    {
        var context = new ExpressionContext(Eval.Parse(Event));

        Assert.Null(ExpressionCompiler.Compile("event.data.missing").EvaluateBool(context));
        Assert.Null(ExpressionCompiler.Compile("event.data.x").EvaluateBool(context));
        Assert.True(ExpressionCompiler.Compile("event.data.x == 1").EvaluateBool(context));
    }

    [Fact]
    public void Evaluate_EventNotBound_ReturnsNoSuchAttribute()
    {
        var result = ExpressionCompiler.Compile("event.data.x == 1").Evaluate(new ExpressionContext());

        Assert.Equal("no such attribute: event", result.ErrorMessage);
    }

    [Theory]
    [InlineData("""{"x": 1}""", "int")]
    [InlineData("""{"x": 1.0}""", "double")]
    [InlineData("""{"x": 1.5}""", "double")]
    [InlineData("""{"x": 9223372036854775808}""", "double")]
    [InlineData("""{"x": "1"}""", "string")]
    [InlineData("""{"x": [1]}""", "list")]
    [InlineData("""{"x": {}}""", "map")]
    [InlineData("""{"x": null}""", "null_type")]
    public void Evaluate_JsonNumberAndValueKinds_MapToDocumentedCelTypes(string json, string type)
    {
        Assert.Equal(type, Eval.Run("event.x", json).TypeName);
    }

    [Theory]
    [InlineData("""{"a":"x\u0041","b":"xA"}""", true)]
    [InlineData("""{"a":"xA","b":"xA"}""", true)]
    [InlineData("""{"a":"xA","b":"xB"}""", false)]
    [InlineData("""{"a":"x\"","b":"x\u0022"}""", true)]
    public void Evaluate_JsonStringsWithEscapes_CompareByDecodedValue(string json, bool expected)
    {
        Assert.Equal(expected, Eval.Run("event.a == event.b", json).AsBool());
    }

    [Fact]
    public void Evaluate_IdempotencyKeyExpression_ReturnsString()
    {
        var result = Eval.Run("event.data.user_id + '-' + event.data.plan", Event);

        Assert.Equal("u_123-pro", result.AsString());
    }

    [Fact]
    public void Evaluate_ExtraVariable_IsVisible()
    {
        var context = new ExpressionContext().Set("limit", CelValue.FromInt64(3));

        Assert.True(ExpressionCompiler.Compile("limit * 2 == 6").EvaluateBool(context));
    }

    [Fact]
    public void Evaluate_TimestampsAndDurations_Work()
    {
        Assert.True(Eval.Run("timestamp('2024-01-01T00:00:00Z') + duration('1h30m') == timestamp('2024-01-01T01:30:00Z')").AsBool());
        Assert.Equal(2024, Eval.Run("timestamp('2024-03-05T10:00:00+02:00').getFullYear()").AsInt64());
        Assert.Equal(8, Eval.Run("timestamp('2024-03-05T10:00:00+02:00').getHours()").AsInt64());
        Assert.Equal("5400s", Eval.Run("string(duration('1.5h'))").AsString());
    }

    [Fact]
    public void Compile_SameSource_ReturnsCachedInstance()
    {
        Assert.Same(ExpressionCompiler.Compile("1 + 2 == 3"), ExpressionCompiler.Compile("1 + 2 == 3"));
    }
}
