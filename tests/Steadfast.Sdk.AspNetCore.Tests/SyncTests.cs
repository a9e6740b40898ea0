using System.Net;
using System.Text;
using System.Text.Json;
using Steadfast.Protocol.Signing;
using Steadfast.Sdk.AspNetCore.Tests.Support;

namespace Steadfast.Sdk.AspNetCore.Tests;

public sealed class SyncTests
{
    [Fact]
    public async Task Put_OutOfBand_PostsRegisterBodyOfSection22AndRelaysReply()
    {
        await using var server = await FakeInngestServer.StartAsync();
        await using var app = await ServeApp.DevAsync(server.Root);

        using var response = await app.SendAsync(HttpMethod.Put);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        Assert.Equal("out_of_band", Assertions.Single(response, "x-inngest-sync-kind"));
        Assert.Equal("""{"message":"Successfully registered","modified":true}""", await response.Content.ReadAsStringAsync());

        var register = await server.NextAsync("/fn/register");
        Assert.Equal("POST", register.Method);
        Assert.Equal("application/json", register.Header("content-type"));
        Assert.Equal(SdkIdentity.Name, register.Header("x-inngest-sdk"));
        Assert.Equal(SdkIdentity.Name, register.Header("user-agent"));
        Assert.Equal("true", register.Header("x-inngest-sdk-handled"));
        Assert.Equal("aspnetcore", register.Header("x-inngest-framework"));
        Assert.Equal("out_of_band", register.Header("x-inngest-sync-kind"));
        Assert.Null(register.Header("authorization"));
        Assert.Null(register.Header("x-inngest-expected-server-kind"));

        var body = JsonDocument.Parse(register.Body).RootElement;
        var url = app.Endpoint.ToString();
        Assert.Equal(url, body.GetProperty("url").GetString());
        Assert.Equal("ping", body.GetProperty("deployType").GetString());
        Assert.Equal("aspnetcore", body.GetProperty("framework").GetString());
        Assert.Equal("test-app", body.GetProperty("appName").GetString());
        Assert.Equal("dotnet:v" + SdkIdentity.Version, body.GetProperty("sdk").GetString());
        Assert.Equal("0.1", body.GetProperty("v").GetString());
        Assert.Equal("""{"trust_probe":"v1"}""", body.GetProperty("capabilities").GetRawText());
        Assert.False(body.TryGetProperty("deployId", out _));

        var functions = body.GetProperty("functions").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);
        Assert.Equal(
            ["test-app-fatal", "test-app-flaky", "test-app-hello", "test-app-later", "test-app-sender", "test-app-step-boom", "test-app-steps"],
            functions.Keys.Order(StringComparer.Ordinal).ToArray());

        var hello = functions["test-app-hello"];
        Assert.Equal("Hello", hello.GetProperty("name").GetString());
        Assert.Equal("""[{"event":"test/hello","expression":"event.data.name != \u0027\u0027"}]""", hello.GetProperty("triggers").GetRawText());
        var step = hello.GetProperty("steps").GetProperty("step");
        Assert.Single(hello.GetProperty("steps").EnumerateObject());
        Assert.Equal("step", step.GetProperty("id").GetString());
        Assert.Equal("step", step.GetProperty("name").GetString());
        Assert.Equal("http", step.GetProperty("runtime").GetProperty("type").GetString());
        Assert.Equal(url + "?fnId=test-app-hello&stepId=step", step.GetProperty("runtime").GetProperty("url").GetString());
        Assert.Equal(2, step.GetProperty("retries").GetProperty("attempts").GetInt32());

        var steps = functions["test-app-steps"];
        Assert.Equal("steps", steps.GetProperty("name").GetString());
        Assert.Equal("""[{"event":"test/steps"},{"cron":"TZ=Europe/Paris 0 12 * * 5"}]""", steps.GetProperty("triggers").GetRawText());
        Assert.Equal(4, steps.GetProperty("steps").GetProperty("step").GetProperty("retries").GetProperty("attempts").GetInt32());
        Assert.Equal(0, functions["test-app-step-boom"].GetProperty("steps").GetProperty("step").GetProperty("retries").GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Put_WithServerKindAndDeployId_RelaysExpectedKindAndDeployId()
    {
        await using var server = await FakeInngestServer.StartAsync();
        await using var app = await ServeApp.DevAsync(server.Root);

        using var response = await app.SendAsync(HttpMethod.Put, "?deployId=dep-1", more: r => r.Headers.Add("x-inngest-server-kind", "dev"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var register = await server.NextAsync("/fn/register");
        Assert.Equal("/fn/register?deployId=dep-1", register.PathAndQuery);
        Assert.Equal("dev", register.Header("x-inngest-expected-server-kind"));
        var body = JsonDocument.Parse(register.Body).RootElement;
        Assert.Equal("dep-1", body.GetProperty("deployId").GetString());
        Assert.DoesNotContain("deployId", body.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_RegisterReplyBodyStatus400_PutAnswers400WithTheError()
    {
        await using var server = await FakeInngestServer.StartAsync();
        server.Script("/fn/register", new ScriptedReply(400, """{"error":"Expected server kind cloud, got dev","status":400,"code":"invalid","data":{}}"""));
        await using var app = await ServeApp.DevAsync(server.Root);

        using var response = await app.SendAsync(HttpMethod.Put);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        Assert.Equal("""{"message":"Expected server kind cloud, got dev","modified":false}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Put_StatusComesFromReplyBodyNotHttpStatus()
    {
        await using var server = await FakeInngestServer.StartAsync();
        server.Script("/fn/register", new ScriptedReply(200, """{"status":409,"error":"conflict"}"""));
        await using var app = await ServeApp.DevAsync(server.Root);

        using var response = await app.SendAsync(HttpMethod.Put);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("conflict", (await Assertions.JsonAsync(response)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Put_RegisterReplyNotJson_Returns500()
    {
        await using var server = await FakeInngestServer.StartAsync();
        server.Script("/fn/register", new ScriptedReply(200, "<html>proxy error</html>"));
        await using var app = await ServeApp.DevAsync(server.Root);

        using var response = await app.SendAsync(HttpMethod.Put);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        Assert.False((await Assertions.JsonAsync(response)).GetProperty("modified").GetBoolean());
    }

    [Fact]
    public async Task Put_ServerUnreachable_Returns500WithReason()
    {
        await using var app = await ServeApp.DevAsync(new Uri("http://127.0.0.1:9"));

        using var response = await app.SendAsync(HttpMethod.Put);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("/fn/register", (await Assertions.JsonAsync(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_ServeOriginAndPathConfigured_RegistersThatUrl()
    {
        await using var server = await FakeInngestServer.StartAsync();
        await using var app = await ServeApp.DevAsync(server.Root, o =>
        {
            o.ServeOrigin = "https://public.example.com/";
            o.ServePath = "/x/inngest";
        });

        using var response = await app.SendAsync(HttpMethod.Put);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse((await server.NextAsync("/fn/register")).Body).RootElement;
        Assert.Equal("https://public.example.com/x/inngest", body.GetProperty("url").GetString());
        Assert.StartsWith("https://public.example.com/x/inngest?fnId=test-app-", body.GetProperty("functions")[0].GetProperty("steps").GetProperty("step").GetProperty("runtime").GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_CloudMode_SendsHashedBearerAndSignsResponseWhenRequestVerified()
    {
        await using var server = await FakeInngestServer.StartAsync();
        await using var app = await ServeApp.CloudAsync(server.Root);

        using var response = await app.SendAsync(HttpMethod.Put, signature: Keys.Sign([], Keys.Primary));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(Keys.Verifies(Assertions.Single(response, "X-Inngest-Signature"), bytes, Keys.Primary));
        var register = await server.NextAsync("/fn/register");
        Assert.Equal("Bearer " + SigningKey.Parse(Keys.Primary).HashedBearer(), register.Header("authorization"));
        Assert.StartsWith("Bearer signkey-test-", register.Header("authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_CloudModeUnsigned_IsAllowedByDefaultAndNotSigned()
    {
        await using var server = await FakeInngestServer.StartAsync();
        await using var app = await ServeApp.CloudAsync(server.Root);

        using var response = await app.SendAsync(HttpMethod.Put);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Assertions.Single(response, "X-Inngest-Signature"));
        Assert.NotNull((await server.NextAsync("/fn/register")).Header("authorization"));
    }

    [Fact]
    public async Task Put_CloudModeUnsignedWithUnauthenticatedSyncDisabled_Returns401()
    {
        await using var server = await FakeInngestServer.StartAsync();
        await using var app = await ServeApp.CloudAsync(server.Root, o => o.EnableUnauthenticatedSync = false);

        using var response = await app.SendAsync(HttpMethod.Put);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Put_CloudModeRegisterRefusesPrimaryKey_RetriesOnceWithFallbackBearer()
    {
        await using var server = await FakeInngestServer.StartAsync();
        server.Script("/fn/register", new ScriptedReply(401, """{"error":"bad key","status":401}"""));
        await using var app = await ServeApp.CloudAsync(server.Root);

        using var response = await app.SendAsync(HttpMethod.Put);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer " + SigningKey.Parse(Keys.Primary).HashedBearer(), (await server.NextAsync("/fn/register")).Header("authorization"));
        Assert.Equal("Bearer " + SigningKey.Parse(Keys.Fallback).HashedBearer(), (await server.NextAsync("/fn/register")).Header("authorization"));
    }

    [Fact]
    public async Task Put_InBandInDevMode_ReturnsConfigWithoutCallingServer()
    {
        await using var server = await FakeInngestServer.StartAsync();
        await using var app = await ServeApp.DevAsync(server.Root);
        var body = Encoding.UTF8.GetBytes("""{"url":"http://host.docker.internal:5000/api/inngest"}""");

        using var response = await app.SendAsync(HttpMethod.Put, body: body, more: r => r.Headers.Add("x-inngest-sync-kind", "in_band"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        Assert.Equal("in_band", Assertions.Single(response, "x-inngest-sync-kind"));
        var config = await Assertions.JsonAsync(response);
        Assert.Equal("test-app", config.GetProperty("app_id").GetString());
        Assert.Equal("aspnetcore", config.GetProperty("framework").GetString());
        Assert.Equal(SdkIdentity.Name, config.GetProperty("sdk").GetString());
        Assert.Equal("http://host.docker.internal:5000/api/inngest", config.GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, config.GetProperty("env").ValueKind);
        Assert.Equal("dev", config.GetProperty("inspection").GetProperty("mode").GetString());
        Assert.Equal(TestFunctions.Count, config.GetProperty("functions").GetArrayLength());
        Assert.Equal(
            "http://host.docker.internal:5000/api/inngest?fnId=test-app-fatal&stepId=step",
            config.GetProperty("functions")[0].GetProperty("steps").GetProperty("step").GetProperty("runtime").GetProperty("url").GetString());
        Assert.False(server.Received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Put_InBandInCloudModeUnsigned_Returns401()
    {
        await using var app = await ServeApp.CloudAsync();
        var body = Encoding.UTF8.GetBytes("""{"url":"http://localhost:5000/api/inngest"}""");

        using var response = await app.SendAsync(HttpMethod.Put, body: body, more: r => r.Headers.Add("x-inngest-sync-kind", "in_band"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Put_InBandInCloudModeSigned_ReturnsAuthenticatedConfigSigned()
    {
        await using var app = await ServeApp.CloudAsync();
        var body = Encoding.UTF8.GetBytes("""{"url":"http://localhost:5000/api/inngest"}""");

        using var response = await app.SendAsync(HttpMethod.Put, body: body, signature: Keys.Sign(body, Keys.Primary),
            more: r => r.Headers.Add("x-inngest-sync-kind", "in_band"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(Keys.Verifies(Assertions.Single(response, "X-Inngest-Signature"), bytes, Keys.Primary));
        var config = JsonDocument.Parse(bytes).RootElement;
        Assert.Equal("dotnet", config.GetProperty("sdk_language").GetString());
        Assert.Equal(SdkIdentity.Version, config.GetProperty("sdk_version").GetString());
        Assert.True(config.GetProperty("inspection").GetProperty("authentication_succeeded").GetBoolean());
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("""{"url":"http://localhost/api/inngest","extra":1}""")]
    [InlineData("""{"url":42}""")]
    [InlineData("""{"url":"not a url"}""")]
    [InlineData("{")]
    public async Task Put_InBandWithInvalidBody_Returns400InvalidRequest(string body)
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.SendAsync(HttpMethod.Put, body: Encoding.UTF8.GetBytes(body), more: r => r.Headers.Add("x-inngest-sync-kind", "in_band"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await Assertions.JsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Put_InBandDisallowed_FallsBackToOutOfBand()
    {
        await using var server = await FakeInngestServer.StartAsync();
        await using var app = await ServeApp.DevAsync(server.Root, o => o.AllowInBandSync = false);
        var body = Encoding.UTF8.GetBytes("""{"url":"http://localhost:5000/api/inngest"}""");

        using var response = await app.SendAsync(HttpMethod.Put, body: body, more: r => r.Headers.Add("x-inngest-sync-kind", "in_band"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("out_of_band", Assertions.Single(response, "x-inngest-sync-kind"));
        Assert.Equal("/fn/register", (await server.NextAsync("/fn/register")).PathAndQuery);
    }
}
