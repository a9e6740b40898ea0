using System.Text.Json;
using Steadfast.Clerk.Svix;
using Steadfast.Server.AspNetCore.Webhooks;
using Steadfast.Server.Tests.Support;

namespace Steadfast.Server.Tests.Webhooks;

/// <summary><c>GET /v1/webhooks</c>, what the dashboard's Webhooks page shows: sources, counters, rejections, never a secret.</summary>
public sealed class WebhooksApiTests
{
    [Fact]
    public async Task Get_AfterDeliveries_ListsSourcesCountersAndRejectionsWithoutSecretsOrKeys()
    {
        await using var server = await ServerHost.StartAsync(o =>
        {
            var clerk = WebhookSourceOptions.Clerk("clerk", ClerkFixtures.Secret, ClerkFixtures.PreviousSecret);
            clerk.Key = "very-secret-source-key";
            clerk.AllowedEvents.Add("clerk/*");
            o.WebhookSources.Add(clerk);
            o.WebhookSources.Add(new WebhookSourceOptions { Name = "open", Verification = WebhookVerification.None, TransformScript = "function transform(evt) { throw new Error('nope'); }" });
        });
        var body = ClerkFixtures.Body("user.created.json");
        await server.Client.DeliverAsync(WebhookRequests.Signed("/webhooks/clerk", body, "msg_ok"));
        await server.Client.DeliverAsync(WebhookRequests.Signed("/webhooks/clerk", body, "msg_wrong_secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        await server.Client.DeliverAsync(WebhookRequests.Signed("/webhooks/clerk", body, "msg_stale", timestamp: WebhookRequests.Now - 3600));
        await server.Client.DeliverAsync(WebhookRequests.Unsigned("/webhooks/open", "{}"u8.ToArray(), ("svix-id", "msg_open")));
        await server.Client.DeliverAsync(WebhookRequests.Unsigned("/webhooks/missing", "{}"u8.ToArray()));

        using var response = await server.Client.GetAsync("/v1/webhooks");
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, text);
        var data = JsonDocument.Parse(text).RootElement.GetProperty("data");
        Assert.True(data.GetProperty("available").GetBoolean());
        Assert.Equal(1, data.GetProperty("unknown_source_requests").GetInt64());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("endpoint").ValueKind);
        var clerk = data.GetProperty("sources")[0];
        Assert.Equal(("clerk", "/webhooks/clerk", "svix", 2, "clerk", true), (clerk.GetProperty("name").GetString(), clerk.GetProperty("path").GetString(), clerk.GetProperty("verification").GetString(), clerk.GetProperty("secrets").GetInt32(), clerk.GetProperty("transform").GetString(), clerk.GetProperty("has_key").GetBoolean()));
        Assert.Equal((1, 2), (clerk.GetProperty("counts").GetProperty("Accepted").GetInt32(), clerk.GetProperty("counts").GetProperty("Unauthorized").GetInt32()));
        var rejections = clerk.GetProperty("rejections").EnumerateArray().ToList();
        Assert.Equal(["msg_stale", "msg_wrong_secret"], rejections.Select(r => r.GetProperty("svix_id").GetString()));
        Assert.Equal(["TimestampTooOld", "NoMatchingSignature"], rejections.Select(r => r.GetProperty("reason").GetString()));
        Assert.All(rejections, r => Assert.Equal(401, r.GetProperty("status").GetInt32()));
        Assert.All(rejections, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("message").GetString())));
        Assert.True(DateTimeOffset.TryParse(rejections[0].GetProperty("at").GetString(), out _));
        var open = data.GetProperty("sources")[1];
        Assert.Equal(("none", "javascript", 0), (open.GetProperty("verification").GetString(), open.GetProperty("transform").GetString(), open.GetProperty("secrets").GetInt32()));
        Assert.Equal(("msg_open", "ScriptError"), (open.GetProperty("rejections")[0].GetProperty("svix_id").GetString(), open.GetProperty("rejections")[0].GetProperty("reason").GetString()));
        foreach (var secret in new[] { ClerkFixtures.Secret, ClerkFixtures.PreviousSecret })
        {
            Assert.DoesNotContain(secret[WebhookSecret.Prefix.Length..], text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("very-secret-source-key", text, StringComparison.Ordinal);
        server.DeleteFiles();
    }

    [Fact]
    public async Task Get_NoSourcesAndNoEndpoint_NotAvailable()
    {
        await using var server = await ServerHost.StartAsync();

        using var response = await server.Client.GetAsync("/v1/webhooks");
        var data = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data");

        Assert.False(data.GetProperty("available").GetBoolean());
        Assert.Empty(data.GetProperty("sources").EnumerateArray());
        server.DeleteFiles();
    }
}
