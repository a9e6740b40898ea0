using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Steadfast.Engine.Storage;
using Steadfast.Server.AspNetCore.Webhooks;
using Steadfast.Server.Tests.Support;

namespace Steadfast.Server.Tests.Webhooks;

/// <summary>Sources with JavaScript transforms (Inngest's format, sandboxed), Inngest's default transform, and an allow-list.</summary>
public sealed class TransformSourceTests : IAsyncLifetime
{
    private const string ShopTransform = """
        function transform(evt, headers = {}, queryParams = {}, raw = "") {
          return {
            name: `shop/${evt.kind}`,
            id: headers["Svix-Id"],
            data: { svixId: headers["Svix-Id"], topic: headers["X-Shop-Topic"], lower: headers["x-shop-topic"], q: queryParams, raw: raw, rawType: typeof raw, order: evt.order },
          };
        }
        """;

    private ServerHost _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerHost.StartAsync(o =>
        {
            o.WebhookSources.Add(Unverified("shop", ShopTransform));
            o.WebhookSources.Add(Unverified("strict", """function transform(evt) { if (!evt.ok) { throw new Error("signature check failed"); } return { name: "strict/ok", data: {} }; }"""));
            var loop = Unverified("loop", "function transform(evt) { while (true) {} }");
            loop.TransformTimeout = TimeSpan.FromMilliseconds(200);
            o.WebhookSources.Add(loop);
            o.WebhookSources.Add(Unverified("hog", """function transform(evt) { var a = []; while (true) { a.push("x".repeat(4096) + a.length); } }"""));
            o.WebhookSources.Add(Unverified("many", """function transform(evt) { return evt.items.map(function (i) { return { name: "many/item", data: { i: i } }; }); }"""));
            o.WebhookSources.Add(new WebhookSourceOptions { Name = "acme", Verification = WebhookVerification.None });
            var signed = new WebhookSourceOptions { Name = "acme-signed" };
            signed.SigningSecrets.Add(ClerkFixtures.Secret);
            o.WebhookSources.Add(signed);
            var users = WebhookSourceOptions.Clerk("clerk-users", ClerkFixtures.Secret);
            users.AllowedEvents.Add("clerk/user.*");
            o.WebhookSources.Add(users);
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _server.DeleteFiles();
    }

    private static WebhookSourceOptions Unverified(string name, string script) =>
        new() { Name = name, Verification = WebhookVerification.None, TransformScript = script };

    [Fact]
    public async Task JavaScript_GetsCanonicalHeadersQueryArraysAndRawBody()
    {
        const string body = "{\"kind\":\"order.created\",  \"order\":{\"id\":7}}";

        var answer = await _server.Client.DeliverAsync(WebhookRequests.Unsigned(
            "/webhooks/shop?tag=a&tag=b&single=x", Encoding.UTF8.GetBytes(body), ("svix-id", "msg_js_1"), ("x-shop-topic", "orders/create")));

        Assert.True(answer.Status == 200, answer.ToString());
        var stored = (await _server.Store.GetEventAsync(answer.Ids[0]))!;
        Assert.Equal(("shop/order.created", "msg_js_1"), (stored.Name, stored.Id));
        var data = JsonDocument.Parse(stored.Json).RootElement.GetProperty("data");
        Assert.Equal("msg_js_1", data.GetProperty("svixId").GetString());
        Assert.Equal("orders/create", data.GetProperty("topic").GetString());
        Assert.False(data.TryGetProperty("lower", out _), "header names are Go-canonical, not lower case");
        Assert.Equal(["a", "b"], data.GetProperty("q").GetProperty("tag").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["x"], data.GetProperty("q").GetProperty("single").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(body, data.GetProperty("raw").GetString());
        Assert.Equal("string", data.GetProperty("rawType").GetString());
        Assert.Equal(7, data.GetProperty("order").GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task JavaScript_ReturnsSeveralEvents_AllCommittedInOrder()
    {
        var answer = await _server.Client.DeliverAsync(WebhookRequests.Unsigned("/webhooks/many", "{\"items\":[1,2,3]}"u8.ToArray()));

        Assert.Equal(200, answer.Status);
        Assert.Equal(3, answer.Ids.Count);
        for (var i = 0; i < 3; i++)
        {
            var stored = (await _server.Store.GetEventAsync(answer.Ids[i]))!;
            Assert.Equal(i + 1, JsonDocument.Parse(stored.Json).RootElement.GetProperty("data").GetProperty("i").GetInt32());
        }
    }

    [Fact]
    public async Task JavaScript_TransformThrows_400ScriptErrorWithItsMessageAndNoEvent()
    {
        var answer = await _server.Client.DeliverAsync(WebhookRequests.Unsigned("/webhooks/strict", "{\"ok\":false}"u8.ToArray()));

        Assert.Equal((400, "ScriptError"), (answer.Status, answer.Reason));
        Assert.Contains("signature check failed", answer.Text, StringComparison.Ordinal);
        Assert.Empty(await _server.Store.ListEventsAsync(new EventQuery()));
    }

    [Fact]
    public async Task JavaScript_LoopsForever_StoppedByTheTimeLimitAnd400()
    {
        var clock = Stopwatch.StartNew();

        var answer = await _server.Client.DeliverAsync(WebhookRequests.Unsigned("/webhooks/loop", "{}"u8.ToArray()));

        Assert.Equal((400, "Timeout"), (answer.Status, answer.Reason));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"answered after {clock.Elapsed}");
        // The server is still serving.
        Assert.Equal(400, (await _server.Client.DeliverAsync(WebhookRequests.Unsigned("/webhooks/strict", "{}"u8.ToArray()))).Status);
    }

    [Fact]
    public async Task JavaScript_BurstOfSlowTransforms_RunAtMostTheCapAtOnceAndTheEventApiStaysResponsive()
    {
        var deliveries = Enumerable.Range(0, SourceTransform.MaxConcurrentScripts * 3)
            .Select(_ => _server.Client.DeliverAsync(WebhookRequests.Unsigned("/webhooks/loop", "{}"u8.ToArray())))
            .ToArray();

        // While they queue, the rest of the server answers: slow scripts hold at most the cap's threads.
        var clock = Stopwatch.StartNew();
        using var health = await _server.Client.GetAsync("/health");
        var healthAfter = clock.Elapsed;
        var answers = await Task.WhenAll(deliveries);

        Assert.True(health.IsSuccessStatusCode);
        Assert.True(healthAfter < TimeSpan.FromSeconds(5), $"/health answered after {healthAfter} behind the scripts");
        Assert.All(answers, a => Assert.Equal((400, "Timeout"), (a.Status, a.Reason)));
        var source = _server.Services.GetRequiredService<WebhookSourceCatalog>().All.Single(s => s.Definition.Name == "loop");
        Assert.InRange(source.MaxConcurrentTransforms, 1, SourceTransform.MaxConcurrentScripts);
    }

    [Fact]
    public async Task JavaScript_AllocatesWithoutBound_StoppedByTheMemoryLimitAnd400()
    {
        var answer = await _server.Client.DeliverAsync(WebhookRequests.Unsigned("/webhooks/hog", "{}"u8.ToArray()));

        Assert.Equal(400, answer.Status);
        Assert.Contains(answer.Reason, new[] { "MemoryLimitExceeded", "Timeout" });
    }

    [Fact]
    public async Task JavaScript_BodyNotJson_400InvalidInput()
    {
        var answer = await _server.Client.DeliverAsync(WebhookRequests.Unsigned("/webhooks/shop", "kind=order"u8.ToArray()));

        Assert.Equal((400, "InvalidInput"), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData("{\"type\":\"order.paid\",\"data\":{\"n\":1}}", "acme/order.paid", "{\"n\":1}")]
    [InlineData("{\"event_type\":\"ping\",\"x\":2}", "acme/ping", "{\"event_type\":\"ping\",\"x\":2}")]
    [InlineData("{\"x\":1}", "acme/webhook.received", "{\"x\":1}")]
    public async Task DefaultTransform_InngestIntentNameAndData(string body, string name, string data)
    {
        var answer = await _server.Client.DeliverAsync(WebhookRequests.Unsigned("/webhooks/acme", Encoding.UTF8.GetBytes(body)));

        Assert.True(answer.Status == 200, answer.ToString());
        var stored = (await _server.Store.GetEventAsync(answer.Ids[0]))!;
        Assert.Equal(name, stored.Name);
        using var expected = JsonDocument.Parse(data);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, JsonDocument.Parse(stored.Json).RootElement.GetProperty("data")), stored.Json);
        Assert.Equal(stored.InternalId, stored.Id);
    }

    [Fact]
    public async Task DefaultTransform_SvixVerifiedSource_EventIdIsTheMessageIdSoARedeliveryIsOneEvent()
    {
        var body = "{\"type\":\"order.paid\",\"data\":{\"n\":1}}"u8.ToArray();

        var first = await _server.Client.DeliverAsync(WebhookRequests.Signed("/webhooks/acme-signed", body, "msg_order_1"));
        var again = await _server.Client.DeliverAsync(WebhookRequests.Signed("/webhooks/acme-signed", body, "msg_order_1"));

        Assert.Equal((200, 200), (first.Status, again.Status));
        var stored = (await _server.Store.GetEventAsync(first.Ids[0]))!;
        Assert.Equal(("acme-signed/order.paid", "msg_order_1"), (stored.Name, stored.Id));
        Assert.Equal("msg_order_1", (await _server.Store.GetEventAsync(again.Ids[0]))!.Id);
    }

    [Fact]
    public async Task AllowList_EventOutsideIt_Acknowledged200FilteredAndNotCommitted()
    {
        var answer = await _server.Client.DeliverAsync(WebhookRequests.Signed("/webhooks/clerk-users", ClerkFixtures.Body("session.created.json"), "msg_session"));

        Assert.Equal(200, answer.Status);
        Assert.Empty(answer.Ids);
        Assert.Equal(1, answer.Json.GetProperty("filtered").GetInt32());
        Assert.Empty(await _server.Store.ListEventsAsync(new EventQuery()));
        var allowed = await _server.Client.DeliverAsync(WebhookRequests.Signed("/webhooks/clerk-users", ClerkFixtures.Body("user.created.json"), "msg_user"));
        Assert.Equal("clerk/user.created", (await _server.Store.GetEventAsync(Assert.Single(allowed.Ids)))!.Name);
    }
}
