using System.Text.Json;
using Steadfast.Clerk.Transforms;

namespace Steadfast.Clerk.Tests.Transforms;

/// <summary>Arguments, results and errors of JavaScript transforms.</summary>
public sealed class JavaScriptTransformTests
{
    private static IReadOnlyList<TransformedEvent> Run(string source, WebhookTransformRequest? request = null) =>
        new JavaScriptWebhookTransform(source).Transform(request ?? new WebhookTransformRequest("{\"type\":\"a.b\",\"data\":{\"k\":1}}"u8.ToArray()));

    private static WebhookTransformError Error(string source, WebhookTransformRequest? request = null) =>
        Assert.Throws<WebhookTransformException>(() => Run(source, request)).Error;

    [Fact]
    public void Transform_HeadersQueryAndRaw_ArePassedInInngestShape()
    {
        var body = "{ \"type\": \"a.b\" }"u8.ToArray();
        var request = new WebhookTransformRequest(
            body,
            [new("svix-id", "msg_1"), new("CONTENT-TYPE", "application/json"), new("x-multi", "a"), new("X-Multi", "b")],
            new Dictionary<string, IReadOnlyList<string>> { ["page"] = ["1", "2"] });

        var evt = Assert.Single(Run("function transform(evt, headers = {}, queryParams = {}, raw = \"\") { return { name: 'x', data: { headers: headers, query: queryParams, raw: raw } }; }", request));

        var headers = evt.Data.GetProperty("headers");
        Assert.Equal("msg_1", headers.GetProperty("Svix-Id").GetString());
        Assert.Equal("application/json", headers.GetProperty("Content-Type").GetString());
        Assert.Equal("a, b", headers.GetProperty("X-Multi").GetString());
        Assert.Equal(["1", "2"], evt.Data.GetProperty("query").GetProperty("page").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("{ \"type\": \"a.b\" }", evt.Data.GetProperty("raw").GetString());
    }

    [Fact]
    public void Transform_AllEventFields_AreRead()
    {
        var evt = Assert.Single(Run("function transform(evt) { return { name: 'a/b', data: evt.data, id: 'id-1', ts: 1741946400000.7, user: { id: 'u' }, v: '2025-01-01.1', extra: 1 }; }"));

        Assert.Equal("a/b", evt.Name);
        Assert.Equal(1, evt.Data.GetProperty("k").GetInt32());
        Assert.Equal("id-1", evt.Id);
        Assert.Equal(1741946400000, evt.Ts);
        Assert.Equal("u", evt.User!.Value.GetProperty("id").GetString());
        Assert.Equal("2025-01-01.1", evt.Version);
    }

    [Theory]
    [InlineData("return { name: 'x' };")]
    [InlineData("return { name: 'x', data: null };")]
    [InlineData("return { name: 'x', data: undefined };")]
    public void Transform_MissingData_BecomesEmptyObject(string body)
    {
        var evt = Assert.Single(Run($"function transform(evt) {{ {body} }}"));

        Assert.Equal(JsonValueKind.Object, evt.Data.ValueKind);
        Assert.Empty(evt.Data.EnumerateObject());
    }

    [Fact]
    public void Transform_ArrayResult_YieldsEventsInOrder()
    {
        var events = Run("function transform(evt) { return [{ name: 'one' }, { name: 'two', data: { n: 2 } }]; }");

        Assert.Equal(["one", "two"], events.Select(e => e.Name));
    }

    [Fact]
    public void Transform_EmptyArray_YieldsNoEvents()
    {
        Assert.Empty(Run("function transform(evt) { return []; }"));
    }

    [Fact]
    public void Transform_EmptyBody_GivesEmptyObjectAsEvt()
    {
        var evt = Assert.Single(Run("function transform(evt) { return { name: 'n/' + Object.keys(evt).length }; }", new WebhookTransformRequest(Array.Empty<byte>())));

        Assert.Equal("n/0", evt.Name);
    }

    [Theory]
    [InlineData("return null;")]
    [InlineData("return undefined;")]
    [InlineData("return 42;")]
    [InlineData("return 'clerk/user.created';")]
    [InlineData("return true;")]
    [InlineData("return function () {};")]
    [InlineData("return {};")]
    [InlineData("return { name: '' };")]
    [InlineData("return { name: 42 };")]
    [InlineData("return { name: 'x', data: 'string' };")]
    [InlineData("return { name: 'x', data: [1] };")]
    [InlineData("return { name: 'x', id: 7 };")]
    [InlineData("return { name: 'x', ts: 'yesterday' };")]
    [InlineData("return { name: 'x', ts: -1 };")]
    [InlineData("return [{ name: 'x' }, 3];")]
    [InlineData("return Promise.resolve({ name: 'x' });")]
    public void Transform_ResultNotAnEvent_ThrowsInvalidResult(string body)
    {
        Assert.Equal(WebhookTransformError.InvalidResult, Error($"function transform(evt) {{ {body} }}"));
    }

    [Fact]
    public void Transform_TooManyEvents_ThrowsInvalidResult()
    {
        Assert.Equal(WebhookTransformError.InvalidResult, Error("function transform(evt) { var a = []; for (var i = 0; i < 101; i++) a.push({ name: 'x' }); return a; }"));
    }

    [Fact]
    public void Transform_CyclicResult_ThrowsScriptError()
    {
        Assert.Equal(WebhookTransformError.ScriptError, Error("function transform(evt) { var o = { name: 'x' }; o.self = o; return o; }"));
    }

    [Fact]
    public void Transform_ThrownError_ThrowsScriptErrorWithMessage()
    {
        var exception = Assert.Throws<WebhookTransformException>(() => Run("function transform(evt) { throw new Error('bad signature'); }"));

        Assert.Equal(WebhookTransformError.ScriptError, exception.Error);
        Assert.Contains("bad signature", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transform_TypeErrorOnMissingField_ThrowsScriptError()
    {
        Assert.Equal(WebhookTransformError.ScriptError, Error("function transform(evt) { return { name: evt.missing.deeper }; }"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"a\":1,\"a\":2}")]
    public void Transform_BodyNotJson_ThrowsInvalidInput(string body)
    {
        Assert.Equal(WebhookTransformError.InvalidInput, Error("function transform(evt) { return { name: 'x' }; }", new WebhookTransformRequest(System.Text.Encoding.UTF8.GetBytes(body))));
    }

    [Fact]
    public void Transform_BodyNotUtf8_ThrowsInvalidInput()
    {
        Assert.Equal(WebhookTransformError.InvalidInput, Error("function transform(evt) { return { name: 'x' }; }", new WebhookTransformRequest(new byte[] { 0xFF })));
    }

    [Theory]
    [InlineData("function transform(evt { return {}; }")]
    [InlineData("function notTransform(evt) { return { name: 'x' }; }")]
    [InlineData("var transform = 42;")]
    [InlineData("throw new Error('top level');")]
    [InlineData("while (true) {} function transform() {}")]
    [InlineData("")]
    public void Constructor_BadScript_ThrowsInvalidScript(string source)
    {
        var exception = Assert.Throws<WebhookTransformException>(() => new JavaScriptWebhookTransform(source));

        Assert.Equal(WebhookTransformError.InvalidScript, exception.Error);
    }

    [Fact]
    public void Constructor_ScriptLongerThanLimit_ThrowsInvalidScript()
    {
        var source = "function transform(evt) { return { name: 'x' }; }" + new string(' ', 100);

        var exception = Assert.Throws<WebhookTransformException>(() => new JavaScriptWebhookTransform(source, new JavaScriptTransformOptions { MaxScriptLength = 60 }));

        Assert.Equal(WebhookTransformError.InvalidScript, exception.Error);
    }

    [Fact]
    public void Transform_ArrowFunctionAssignedToTransform_Works()
    {
        Assert.Equal("x", Assert.Single(Run("var transform = (evt) => ({ name: 'x' });")).Name);
    }
}
