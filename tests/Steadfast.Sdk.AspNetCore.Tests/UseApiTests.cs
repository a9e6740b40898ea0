using System.Net;
using Steadfast.Protocol.Ids;
using Steadfast.Protocol.Signing;
using Steadfast.Sdk.AspNetCore.Tests.Support;

namespace Steadfast.Sdk.AspNetCore.Tests;

public sealed class UseApiTests
{
    [Fact]
    public async Task Post_UseApi_FetchesBatchAndActionsWithBearerBeforeRunning()
    {
        await using var server = await FakeInngestServer.StartAsync();
        server.BatchJson = """[{"name":"test/steps","data":{},"id":"e1","ts":1700000000000,"user":{}}]""";
        server.ActionsJson = $$$"""{"{{{StepIds.Hash("a")}}}":{"data":1},"{{{StepIds.Hash("nap")}}}":null,"{{{StepIds.Hash("b")}}}":{"data":2}}""";
        await using var app = await ServeApp.CloudAsync(server.Root);
        var body = CallBodies.Create(eventName: "test/steps", useApi: true, runId: "01JRUNUSEAPI");

        using var response = await app.CallAsync("test-app-steps", body, signature: Keys.Sign(body, Keys.Primary));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"a":1,"b":2}""", await response.Content.ReadAsStringAsync());
        var requests = new[] { await server.NextAsync("/v0/runs/"), await server.NextAsync("/v0/runs/") };
        Assert.Equal(
            ["/v0/runs/01JRUNUSEAPI/actions", "/v0/runs/01JRUNUSEAPI/batch"],
            requests.Select(r => r.PathAndQuery).Order(StringComparer.Ordinal).ToArray());
        Assert.All(requests, r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.Equal("Bearer " + SigningKey.Parse(Keys.Primary).HashedBearer(), r.Header("authorization"));
            Assert.Equal(SdkIdentity.Name, r.Header("x-inngest-sdk"));
        });
    }

    [Fact]
    public async Task Post_UseApiAndApiFails_Returns500Internal()
    {
        await using var server = await FakeInngestServer.StartAsync();
        server.Script("/v0/runs/", new ScriptedReply(410, """{"error":"state gone","status":410}"""), new ScriptedReply(410, """{"error":"state gone","status":410}"""));
        await using var app = await ServeApp.DevAsync(server.Root);

        using var response = await app.CallAsync("test-app-steps", CallBodies.Create(eventName: "test/steps", useApi: true));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("internal", (await Assertions.JsonAsync(response)).GetProperty("type").GetString());
    }
}
