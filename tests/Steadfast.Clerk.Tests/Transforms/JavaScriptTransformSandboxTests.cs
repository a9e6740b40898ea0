using Steadfast.Clerk.Transforms;

namespace Steadfast.Clerk.Tests.Transforms;

/// <summary>Limits, isolation and the absence of host access.</summary>
public sealed class JavaScriptTransformSandboxTests
{
    private static readonly WebhookTransformRequest Request = new("{\"type\":\"a.b\"}"u8.ToArray());

    private static WebhookTransformError ErrorOf(string body, JavaScriptTransformOptions? options = null)
    {
        var transform = new JavaScriptWebhookTransform($"function transform(evt, headers = {{}}, queryParams = {{}}, raw = \"\") {{ {body} }}", options);
        return Assert.Throws<WebhookTransformException>(() => transform.Transform(Request)).Error;
    }

    [Fact]
    public void Transform_InfiniteLoop_ThrowsTimeout()
    {
        Assert.Equal(WebhookTransformError.Timeout, ErrorOf("while (true) {}"));
    }

    [Fact]
    public void Transform_UnboundedAllocation_ThrowsMemoryLimitExceeded()
    {
        var options = new JavaScriptTransformOptions { MemoryLimitBytes = 2_000_000, Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(WebhookTransformError.MemoryLimitExceeded, ErrorOf("var a = []; while (true) { a.push('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' + a.length); }", options));
    }

    [Fact]
    public void Transform_UnboundedRecursion_ThrowsRecursionLimitExceeded()
    {
        Assert.Equal(WebhookTransformError.RecursionLimitExceeded, ErrorOf("function f(n) { return f(n + 1); } return f(0);"));
    }

    [Theory]
    [InlineData("return { name: typeof System + '/' + typeof importNamespace + '/' + typeof require + '/' + typeof process + '/' + typeof fetch + '/' + typeof setTimeout };")]
    public void Transform_HostObjects_AreNotReachable(string body)
    {
        var transform = new JavaScriptWebhookTransform($"function transform(evt) {{ {body} }}");

        var evt = Assert.Single(transform.Transform(Request));

        Assert.Equal("undefined/undefined/undefined/undefined/undefined/undefined", evt.Name);
    }

    [Theory]
    [InlineData("return eval('({ name: \"x\" })');")]
    [InlineData("return new Function('return { name: \"x\" }')();")]
    public void Transform_StringCompilation_IsDisabled(string body)
    {
        Assert.Equal(WebhookTransformError.ScriptError, ErrorOf(body));
    }

    [Fact]
    public void Transform_GlobalStateAndPrototypePollution_DoNotLeakBetweenCalls()
    {
        var transform = new JavaScriptWebhookTransform("""
            var calls = 0;
            function transform(evt) {
              calls++;
              globalThis.seen = (globalThis.seen || 0) + 1;
              var polluted = ({}).polluted;
              Object.prototype.polluted = "yes";
              return { name: "t/" + calls + "/" + globalThis.seen + "/" + polluted };
            }
            """);

        var first = Assert.Single(transform.Transform(Request));
        var second = Assert.Single(transform.Transform(Request));

        Assert.Equal("t/1/1/undefined", first.Name);
        Assert.Equal(first.Name, second.Name);
    }

    [Fact]
    public void Transform_ReplacingJsonStringify_DoesNotChangeHowResultIsRead()
    {
        var transform = new JavaScriptWebhookTransform("""
            JSON.stringify = function () { return '{"name":"forged"}'; };
            function transform(evt) { return { name: "real" }; }
            """);

        Assert.Equal("real", Assert.Single(transform.Transform(Request)).Name);
    }

    [Fact]
    public void Transform_CallerCancelsDuringLoop_ThrowsOperationCanceled()
    {
        var transform = new JavaScriptWebhookTransform(
            "function transform(evt) { while (true) {} }",
            new JavaScriptTransformOptions { Timeout = TimeSpan.FromMinutes(5) });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        Assert.ThrowsAny<OperationCanceledException>(() => transform.Transform(Request, cancellation.Token));
    }

    [Fact]
    public void Transform_AlreadyCancelled_ThrowsOperationCanceled()
    {
        var transform = new JavaScriptWebhookTransform("function transform(evt) { return { name: 'x' }; }");

        Assert.ThrowsAny<OperationCanceledException>(() => transform.Transform(Request, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Transform_ConcurrentCalls_EachGetTheirOwnResult()
    {
        var transform = new JavaScriptWebhookTransform("function transform(evt) { return { name: 'n/' + evt.i, data: { i: evt.i } }; }");

        var names = new string[64];
        Parallel.For(0, names.Length, i =>
            names[i] = Assert.Single(transform.Transform(new WebhookTransformRequest(System.Text.Encoding.UTF8.GetBytes($"{{\"i\":{i}}}")))).Name);

        Assert.Equal(Enumerable.Range(0, names.Length).Select(i => $"n/{i}"), names);
    }

    [Fact]
    public void Options_NonPositiveLimit_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JavaScriptWebhookTransform("function transform(){}", new JavaScriptTransformOptions { Timeout = TimeSpan.Zero }));
    }
}
