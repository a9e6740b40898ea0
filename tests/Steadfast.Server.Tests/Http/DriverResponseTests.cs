using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Ids;
using Steadfast.Protocol.Json;
using Steadfast.Server.Tests.Support;

namespace Steadfast.Server.Tests.Http;

/// <summary>The HTTP driver against a fake SDK answering every kind of response of reference §4.1.</summary>
public sealed class DriverResponseTests : IAsyncLifetime
{
    private ServerHost _server = null!;
    private FakeSdk _sdk = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerHost.StartAsync(o => o.Engine.CallTimeout = TimeSpan.FromSeconds(2));
        _sdk = await FakeSdk.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _sdk.DisposeAsync();
        await _server.DisposeAsync();
        _server.DeleteFiles();
    }

    private async Task<RunRecord> RunAsync(int retries = 2)
    {
        var (status, body) = await _server.RegisterAsync(_sdk.RegisterBody("app", [_sdk.Function("app", "fn", "test/go", retries: retries)]));
        Assert.True(status == 200, body.ToString());
        await _server.SendEventAsync("test/go", new { x = 1 });
        return await _server.FirstFinishedRunAsync();
    }

    [Fact]
    public async Task Call_200_RunCompletedWithOutput()
    {
        _sdk.OnCall = (_, _, http) => FakeSdk.Reply(http, 200, """{"ok":true}""");
        var run = await RunAsync();

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("""{"ok":true}""", run.Output);
    }

    [Fact]
    public async Task Call_StepsThen200_SendsMemoStackVersionAndJcsBody()
    {
        var a = StepIds.Hash("a");
        _sdk.OnCall = (i, _, http) => i == 0
            ? FakeSdk.Reply(http, 206, $$"""[{"op":"StepRun","id":"{{a}}","name":"a","displayName":"a","data":1.0}]""")
            : FakeSdk.Reply(http, 200, "\"done\"");
        var run = await RunAsync();

        Assert.Equal(RunStatus.Completed, run.Status);
        var calls = _sdk.Calls;
        Assert.Equal(2, calls.Count);
        Assert.Equal("-1", calls[0].Header("x-inngest-req-version"));
        Assert.Equal(-1, calls[0].Json.GetProperty("version").GetInt32());
        Assert.Equal("2", calls[1].Header("x-inngest-req-version"));
        Assert.Equal(2, calls[1].Json.GetProperty("version").GetInt32());
        Assert.Contains("fnId=app-fn", calls[0].Query, StringComparison.Ordinal);
        Assert.Contains("stepId=step", calls[0].Query, StringComparison.Ordinal);
        Assert.Equal(run.RunId, calls[0].Header("x-run-id"));
        Assert.Null(calls[0].Header("x-inngest-signature"));
        var second = calls[1].Json;
        Assert.Equal(1, second.GetProperty("steps").GetProperty(a).GetProperty("data").GetInt32());
        Assert.Equal([a], second.GetProperty("ctx").GetProperty("stack").GetProperty("stack").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, second.GetProperty("ctx").GetProperty("max_attempts").GetInt32());
        Assert.False(second.GetProperty("ctx").TryGetProperty("fn_id", out _));
        Assert.Equal(1, second.GetProperty("event").GetProperty("data").GetProperty("x").GetInt32());
        foreach (var call in calls)
        {
            Assert.Equal(call.Body, JcsCanonicalizer.Canonicalize(call.Body));
        }
    }

    [Fact]
    public async Task Call_500RetriableThen200_RetriedWithNextAttempt()
    {
        _sdk.OnCall = (i, _, http) => i == 0
            ? FakeSdk.Reply(http, 500, """{"name":"Error","message":"flaky","__serialized":true}""", headers: new Dictionary<string, string> { ["x-inngest-no-retry"] = "false" })
            : FakeSdk.Reply(http, 200, "1");
        var run = await RunAsync();

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal([0, 1], _sdk.Calls.Select(c => c.Json.GetProperty("ctx").GetProperty("attempt").GetInt32()));
    }

    [Fact]
    public async Task Call_400NoRetry_FailsAtOnceWithSdkError()
    {
        _sdk.OnCall = (_, _, http) => FakeSdk.Reply(http, 400, """{"name":"NonRetriableError","message":"bad input","__serialized":true}""", headers: new Dictionary<string, string> { ["x-inngest-no-retry"] = "true" });
        var run = await RunAsync();

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Single(_sdk.Calls);
        var output = JsonElement.Parse(run.Output!);
        Assert.Equal("NonRetriableError", output.GetProperty("name").GetString());
        Assert.Equal("bad input", output.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Call_500Always_FailsAfterRetriesExhausted()
    {
        _sdk.OnCall = (_, _, http) => FakeSdk.Reply(http, 500, """{"name":"Error","message":"always"}""");
        var run = await RunAsync(retries: 1);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal(2, _sdk.Calls.Count);
        Assert.Contains("always", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_201Stream_UnwrappedLikeTheInnerResponse()
    {
        _sdk.OnCall = async (_, _, http) =>
        {
            http.Response.StatusCode = 201;
            http.Response.Headers["X-Inngest-SDK"] = "fake:v1.0.0";
            await http.Response.WriteAsync("  ");
            await http.Response.Body.FlushAsync();
            await http.Response.WriteAsync("""{"status":200,"headers":{"x-inngest-sdk":"fake:v1.0.0","x-inngest-req-version":"2"},"body":"{\"streamed\":true}","version":2}""");
        };
        var run = await RunAsync();

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("""{"streamed":true}""", run.Output);
    }

    [Fact]
    public async Task Call_GarbageOps_RetriedThenFailedWithReadableError()
    {
        _sdk.OnCall = (_, _, http) => FakeSdk.Reply(http, 206, "<html>oops</html>");
        var run = await RunAsync(retries: 1);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal(2, _sdk.Calls.Count);
        Assert.Contains("InvalidSdkResponse", run.Output, StringComparison.Ordinal);
        Assert.Contains("oops", JsonElement.Parse(run.Output!).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_200WithoutSdkHeader_NotAnSdkResponse()
    {
        _sdk.OnCall = (_, _, http) => FakeSdk.Reply(http, 200, "{}", sdkHeader: false);
        var run = await RunAsync(retries: 0);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("NotAnSdkResponse", run.Output, StringComparison.Ordinal);
        Assert.Contains("X-Inngest-SDK", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_401_RetriableWithSigningHint()
    {
        _sdk.OnCall = (_, _, http) => FakeSdk.Reply(http, 401, """{"message":"Unauthorized"}""", sdkHeader: false);
        var run = await RunAsync(retries: 1);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal(2, _sdk.Calls.Count);
        Assert.Contains("SdkUnauthorized", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_Timeout_RetriedThenFailed()
    {
        var release = new TaskCompletionSource();
        _sdk.OnCall = async (_, _, http) =>
        {
            // Never answers until the test ends; the server's 2 s call timeout fires.
            await release.Task.WaitAsync(http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        };
        try
        {
            var run = await RunAsync(retries: 1);

            Assert.Equal(RunStatus.Failed, run.Status);
            Assert.Equal(2, _sdk.Calls.Count);
            Assert.Contains("Timeout", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task Call_ConnectionRefused_RetriedThenFailedUnreachable()
    {
        var url = _sdk.Url;
        await _sdk.DisposeAsync();
        var fn = _sdk.Function("app", "fn", "test/go", retries: 1);
        var (status, _) = await _server.RegisterAsync(_sdk.RegisterBody("app", [fn]));
        Assert.Equal(200, status);
        await _server.SendEventAsync("test/go");
        var run = await _server.FirstFinishedRunAsync();

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("SdkUnreachable", run.Output, StringComparison.Ordinal);
        Assert.Contains(url, run.Output, StringComparison.Ordinal);
        _sdk = await FakeSdk.StartAsync();
    }

    [Fact]
    public async Task Call_SingleOpObjectAndEmptyArray_Accepted()
    {
        var a = StepIds.Hash("a");
        _sdk.OnCall = (i, _, http) => i switch
        {
            0 => FakeSdk.Reply(http, 206, $$"""{"op":"StepRun","id":"{{a}}","data":"x"}"""),
            1 => FakeSdk.Reply(http, 200, "\"end\""),
            _ => FakeSdk.Reply(http, 500, "{}"),
        };
        var run = await RunAsync();

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("\"end\"", run.Output);
    }
}
