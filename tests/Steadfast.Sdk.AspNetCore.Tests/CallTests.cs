using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Steadfast.Protocol.Ids;
using Steadfast.Sdk.AspNetCore.Tests.Support;

namespace Steadfast.Sdk.AspNetCore.Tests;

public sealed class CallTests
{
    [Fact]
    public async Task Post_FunctionReturns_200WithOutput()
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.CallAsync("test-app-hello", CallBodies.Create(CallBodies.Data(new { name = "Ada" })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        Assert.Null(Assertions.Single(response, "x-inngest-no-retry"));
        Assert.Equal("""{"message":"Hello Ada"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_FirstCall_Returns206WithStepRunOfTheFirstStep()
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.CallAsync("test-app-steps", CallBodies.Create(eventName: "test/steps"));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        var op = Assert.Single((await Assertions.JsonAsync(response)).EnumerateArray());
        Assert.Equal("StepRun", op.GetProperty("op").GetString());
        Assert.Equal(StepIds.Hash("a"), op.GetProperty("id").GetString());
        Assert.Equal(1, op.GetProperty("data").GetInt32());
        Assert.Equal("a", op.GetProperty("userland").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Post_AfterFirstStep_Returns206SleepWithDurationInName()
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.CallAsync("test-app-steps", CallBodies.Create(eventName: "test/steps", steps: [("a", new JsonObject { ["data"] = 1 })]));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        var op = Assert.Single((await Assertions.JsonAsync(response)).EnumerateArray());
        Assert.Equal("Sleep", op.GetProperty("op").GetString());
        Assert.Equal(StepIds.Hash("nap"), op.GetProperty("id").GetString());
        Assert.Equal("2s", op.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Post_AllStepsMemoized_Returns200WithResult()
    {
        await using var app = await ServeApp.DevAsync();
        var body = CallBodies.Create(eventName: "test/steps", version: 2, steps:
        [
            ("a", new JsonObject { ["data"] = 1 }),
            ("nap", null),
            ("b", new JsonObject { ["data"] = 2 }),
        ]);

        using var response = await app.CallAsync("test-app-steps", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"a":1,"b":2}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_NonRetriableError_Returns400WithNoRetryTrue()
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.CallAsync("test-app-fatal", CallBodies.Create());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        Assert.Equal("true", Assertions.Single(response, "x-inngest-no-retry"));
        var error = await Assertions.JsonAsync(response);
        Assert.Equal("no way", error.GetProperty("message").GetString());
        Assert.True(error.GetProperty("__serialized").GetBoolean());
    }

    [Fact]
    public async Task Post_RetriableError_Returns500WithNoRetryFalse()
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.CallAsync("test-app-flaky", CallBodies.Create(attempt: 0, maxAttempts: 5));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        Assert.Equal("false", Assertions.Single(response, "x-inngest-no-retry"));
        Assert.Null(Assertions.Single(response, "retry-after"));
        Assert.Equal("try again", (await Assertions.JsonAsync(response)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Post_RetriableErrorOnLastAttempt_Returns400WithNoRetryTrue()
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.CallAsync("test-app-flaky", CallBodies.Create(attempt: 4, maxAttempts: 5));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("true", Assertions.Single(response, "x-inngest-no-retry"));
    }

    [Fact]
    public async Task Post_RetryAfterError_Returns500WithRetryAfterSeconds()
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.CallAsync("test-app-later", CallBodies.Create());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("false", Assertions.Single(response, "x-inngest-no-retry"));
        Assert.Equal("30", Assertions.Single(response, "retry-after"));
    }

    [Fact]
    public async Task Post_StepThrowsWithRetriesLeft_Returns206StepErrorWithNoRetryFalse()
    {
        await using var app = await ServeApp.DevAsync();

        // step-boom has retries 0, but the call's max_attempts decides: attempt 0 of 3 is not the last.
        using var response = await app.CallAsync("test-app-step-boom", CallBodies.Create(attempt: 0, maxAttempts: 3));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("false", Assertions.Single(response, "x-inngest-no-retry"));
        var op = Assert.Single((await Assertions.JsonAsync(response)).EnumerateArray());
        Assert.Equal("StepError", op.GetProperty("op").GetString());
        Assert.Equal("step exploded", op.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Post_StepThrowsOnLastAttempt_Returns206StepFailedWithNoRetryTrue()
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.CallAsync("test-app-step-boom", CallBodies.Create(attempt: 0, maxAttempts: 1));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("true", Assertions.Single(response, "x-inngest-no-retry"));
        var op = Assert.Single((await Assertions.JsonAsync(response)).EnumerateArray());
        Assert.Equal("StepFailed", op.GetProperty("op").GetString());
    }

    [Fact]
    public async Task Post_UnknownFunction_Returns500InternalWithoutNoRetryHeader()
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.CallAsync("test-app-missing", CallBodies.Create());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        Assert.Null(Assertions.Single(response, "x-inngest-no-retry"));
        var body = await Assertions.JsonAsync(response);
        Assert.Equal("internal", body.GetProperty("type").GetString());
        Assert.Contains("test-app-missing", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_MissingFnId_Returns500Internal()
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.SendAsync(HttpMethod.Post, "?stepId=step", CallBodies.Create());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("internal", (await Assertions.JsonAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Post_EmptyBody_Returns401()
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.CallAsync("test-app-hello", []);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"message":"Unauthorized"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"ctx":{"run_id":"r"}}""")]
    [InlineData("""{"event":{"name":"x","data":{}},"ctx":{}}""")]
    [InlineData("""{"event":{"name":"x","data":{}},"ctx":{"run_id":"r"},"version":0}""")]
    [InlineData("""{"event":{"name":"x","data":{}},"ctx":{"run_id":"r","attempt":"zero"}}""")]
    public async Task Post_UnparsableBody_Returns500Internal(string body)
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.CallAsync("test-app-hello", System.Text.Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        Assert.Null(Assertions.Single(response, "x-inngest-no-retry"));
        var error = await Assertions.JsonAsync(response);
        Assert.Equal("internal", error.GetProperty("type").GetString());
        Assert.StartsWith("Failed to parse data from executor", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_RequestVersionHeaderZero_OverridesBodyAndIsRejected()
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.CallAsync("test-app-hello", CallBodies.Create(CallBodies.Data(new { name = "x" }), version: 2),
            more: r => r.Headers.Add("x-inngest-req-version", "0"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task Post_StepIdFromHeader_RunsThatStep()
    {
        await using var app = await ServeApp.DevAsync();
        var body = CallBodies.Create(eventName: "test/steps", steps: [("a", new JsonObject { ["data"] = 1 }), ("nap", null)]);

        using var response = await app.SendAsync(HttpMethod.Post, "?fnId=test-app-steps", body,
            more: r => r.Headers.Add("x-inngest-step-id", StepIds.Hash("b")));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        var op = Assert.Single((await Assertions.JsonAsync(response)).EnumerateArray());
        Assert.Equal("StepRun", op.GetProperty("op").GetString());
        Assert.Equal(StepIds.Hash("b"), op.GetProperty("id").GetString());
        Assert.Equal(2, op.GetProperty("data").GetInt32());
    }

    [Fact]
    public async Task Post_TrustProbeInDevMode_Returns200EmptyUnsigned()
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.SendAsync(HttpMethod.Post, "?probe=trust", "{}"u8.ToArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(Assertions.Single(response, "X-Inngest-Signature"));
    }

    [Fact]
    public async Task Post_UnknownProbe_Returns400SerializedError()
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.SendAsync(HttpMethod.Post, "?probe=bogus", "{}"u8.ToArray());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("bogus", (await Assertions.JsonAsync(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ExtraUnknownFieldsInBody_AreIgnored()
    {
        await using var app = await ServeApp.DevAsync();
        var node = JsonNode.Parse(CallBodies.Create(CallBodies.Data(new { name = "Bo" })))!;
        node["defers"] = new JsonObject();
        node["ctx"]!["fn_id"] = "6f1c1c52-0000-4000-8000-000000000001";
        node["ctx"]!["qi_id"] = "q1";

        using var response = await app.CallAsync("test-app-hello", JsonSerializer.SerializeToUtf8Bytes(node));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"message":"Hello Bo"}""", await response.Content.ReadAsStringAsync());
    }
}
