using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Steadfast.Protocol.Events;
using Steadfast.Sdk.AspNetCore.Tests.Support;

namespace Steadfast.Sdk.AspNetCore.Tests;

public sealed class EventSenderTests
{
    private static EventPayload Event(string name) => new() { Name = name, Data = JsonSerializer.SerializeToElement(new { a = 1 }) };

    [Fact]
    public async Task SendAsync_PostsArrayWithSeedAndTimestamp_ReturnsIds()
    {
        await using var server = await FakeInngestServer.StartAsync();
        server.Script("/e/", new ScriptedReply(200, """{"ids":["id-1","id-2"],"status":200}"""));
        await using var app = await ServeApp.CloudAsync(server.Root);
        var sender = app.Services.GetRequiredService<IEventSender>();

        var ids = await sender.SendAsync([Event("app/one"), new EventPayload { Name = "app/two", Id = "dedup-1" }]);

        Assert.Equal(["id-1", "id-2"], ids);
        var request = await server.NextAsync("/e/");
        Assert.Equal("/e/" + Keys.EventKey, request.PathAndQuery);
        Assert.Equal(SdkIdentity.Name, request.Header("x-inngest-sdk"));
        Assert.Null(request.Header("authorization"));
        Assert.Matches(@"^\d{13},[A-Za-z0-9+/]{14}==$", request.Header("x-inngest-event-id-seed"));
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(2, body.GetArrayLength());
        Assert.Equal("app/one", body[0].GetProperty("name").GetString());
        Assert.Equal("""{"a":1}""", body[0].GetProperty("data").GetRawText());
        Assert.InRange(body[0].GetProperty("ts").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.False(body[0].TryGetProperty("id", out _));
        Assert.Equal("{}", body[1].GetProperty("data").GetRawText());
        Assert.Equal("dedup-1", body[1].GetProperty("id").GetString());
    }

    [Fact]
    public async Task SendAsync_DevModeWithoutKey_UsesNoEventKeySet()
    {
        await using var server = await FakeInngestServer.StartAsync();
        await using var app = await ServeApp.DevAsync(server.Root);

        await app.Services.GetRequiredService<IEventSender>().SendAsync([Event("app/one")]);

        Assert.Equal("/e/NO_EVENT_KEY_SET", (await server.NextAsync("/e/")).PathAndQuery);
    }

    [Fact]
    public async Task SendAsync_CloudModeWithoutKey_Throws()
    {
        await using var app = await ServeApp.CloudAsync(more: o => o.EventKey = null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Services.GetRequiredService<IEventSender>().SendAsync([Event("app/one")]));

        Assert.Contains("INNGEST_EVENT_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_TransientFailures_RetriesWithTheSameSeed()
    {
        await using var server = await FakeInngestServer.StartAsync();
        server.Script("/e/",
            new ScriptedReply(503, """{"error":"busy","status":503}"""),
            new ScriptedReply(429, "slow down"),
            new ScriptedReply(200, """{"ids":["id-9"],"status":200}"""));
        await using var app = await ServeApp.DevAsync(server.Root, o => o.EventSendBackoff = TimeSpan.FromMilliseconds(1));

        var ids = await app.Services.GetRequiredService<IEventSender>().SendAsync([Event("app/one")]);

        Assert.Equal(["id-9"], ids);
        var seeds = new[] { await server.NextAsync("/e/"), await server.NextAsync("/e/"), await server.NextAsync("/e/") }
            .Select(r => r.Header("x-inngest-event-id-seed")).Distinct().ToArray();
        Assert.Single(seeds);
    }

    [Fact]
    public async Task SendAsync_ClientError_DoesNotRetryAndThrowsWithReason()
    {
        await using var server = await FakeInngestServer.StartAsync();
        server.Script("/e/", new ScriptedReply(400, """{"ids":[],"status":400,"error":"event name is reserved for internal use: inngest/x"}"""));
        await using var app = await ServeApp.DevAsync(server.Root, o => o.EventSendBackoff = TimeSpan.FromMilliseconds(1));

        var error = await Assert.ThrowsAsync<EventSendException>(() => app.Services.GetRequiredService<IEventSender>().SendAsync([Event("inngest/x")]));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("reserved", error.Message, StringComparison.Ordinal);
        await server.NextAsync("/e/");
        Assert.False(server.Received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task SendAsync_SuccessWithoutStatus200InBody_IsAnError()
    {
        await using var server = await FakeInngestServer.StartAsync();
        server.Script("/e/", new ScriptedReply(200, """{"ids":["x"],"status":401,"error":"Event key not found"}"""));
        await using var app = await ServeApp.DevAsync(server.Root, o => o.EventSendAttempts = 1);

        var error = await Assert.ThrowsAsync<EventSendException>(() => app.Services.GetRequiredService<IEventSender>().SendAsync([Event("app/one")]));

        Assert.Contains("Event key not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ServerDown_ThrowsAfterConfiguredAttempts()
    {
        await using var app = await ServeApp.DevAsync(new Uri("http://127.0.0.1:9"), o =>
        {
            o.EventSendAttempts = 2;
            o.EventSendBackoff = TimeSpan.FromMilliseconds(1);
        });

        var error = await Assert.ThrowsAsync<EventSendException>(() => app.Services.GetRequiredService<IEventSender>().SendAsync([Event("app/one")]));

        Assert.Contains("after 2 attempt(s)", error.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task StepSendEvent_InAServedFunction_PostsToEventApiAndReportsIds()
    {
        await using var server = await FakeInngestServer.StartAsync();
        server.Script("/e/", new ScriptedReply(200, """{"ids":["01JSENT"],"status":200}"""));
        await using var app = await ServeApp.DevAsync(server.Root);

        using var response = await app.CallAsync("test-app-sender", CallBodies.Create(eventName: "test/sender"));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        var op = Assert.Single((await Assertions.JsonAsync(response)).EnumerateArray());
        Assert.Equal("StepRun", op.GetProperty("op").GetString());
        Assert.Equal("step.sendEvent", op.GetProperty("opts").GetProperty("type").GetString());
        Assert.Equal("""{"ids":["01JSENT"]}""", op.GetProperty("data").GetRawText());
        var sent = JsonDocument.Parse((await server.NextAsync("/e/")).Body).RootElement;
        Assert.Equal("test/sent", sent[0].GetProperty("name").GetString());
    }
}
