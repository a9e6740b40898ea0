using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using Steadfast.Clerk.Svix;
using Steadfast.Server.AspNetCore;
using Steadfast.Server.AspNetCore.Webhooks;

namespace Steadfast.Dashboard.Tests;

/// <summary>The Webhooks page with sources hosted by the server: where they listen, counters and the latest rejections.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WebhooksPageTests(BrowserFixture browser) : DashboardPageTest(browser)
{
    private const string Secret = "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY";

    protected override Action<SteadfastServerOptions>? Configure => o =>
    {
        o.WebhookSources.Add(WebhookSourceOptions.Clerk("clerk", Secret));
        o.WebhookSources.Add(new WebhookSourceOptions { Name = "shop", Verification = WebhookVerification.None, TransformScript = "function transform(evt) { if (!evt.ok) { throw new Error('shop says no'); } return { name: 'shop/ok', data: {} }; }" });
    };

    [Fact]
    public async Task Webhooks_SourcesWithDeliveries_ShowUrlsCountersAndRejectionReasonsButNoSecret()
    {
        const string envelope = """{"type":"user.created","object":"event","timestamp":1741946400180,"data":{"id":"user_1"}}""";
        Assert.Equal(200, await PostAsync("/webhooks/clerk", envelope, Signed("msg_page_ok", envelope, Secret)));
        Assert.Equal(401, await PostAsync("/webhooks/clerk", envelope, Signed("msg_page_bad", envelope, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));
        Assert.Equal(400, await PostAsync("/webhooks/shop", """{"ok":false}""", [("svix-id", "msg_shop")]));

        await OpenAsync("#/webhooks");

        var clerk = Page.Locator("[data-testid=webhook-source][data-source=clerk]");
        await Assertions.Expect(clerk.GetByTestId("webhook-url")).ToHaveTextAsync($"POST {Host.BaseUrl.TrimEnd('/')}/webhooks/clerk");
        await Assertions.Expect(clerk).ToContainTextAsync("Svix signature");
        await Assertions.Expect(clerk.GetByTestId("webhook-accepted")).ToHaveTextAsync("1");
        await Assertions.Expect(clerk.GetByTestId("webhook-rejected")).ToHaveTextAsync("1");
        var shop = Page.Locator("[data-testid=webhook-source][data-source=shop]");
        await Assertions.Expect(shop).ToContainTextAsync("none");
        await Assertions.Expect(shop).ToContainTextAsync("javascript");
        var clerkRejections = Page.Locator("[data-testid=webhook-rejections][data-source=clerk] [data-testid=webhook-rejection]");
        await Assertions.Expect(clerkRejections).ToHaveCountAsync(1);
        await Assertions.Expect(clerkRejections.First).ToContainTextAsync("msg_page_bad");
        await Assertions.Expect(clerkRejections.First).ToContainTextAsync("NoMatchingSignature");
        await Assertions.Expect(clerkRejections.First).ToContainTextAsync("401 Unauthorized");
        var shopRejection = Page.Locator("[data-testid=webhook-rejections][data-source=shop] [data-testid=webhook-rejection]");
        await Assertions.Expect(shopRejection).ToContainTextAsync("ScriptError");
        await Assertions.Expect(shopRejection).ToContainTextAsync("shop says no");
        await ScreenshotAsync("webhooks-sources");
        Assert.DoesNotContain("QUJDREVGR0hJSktMTU5PUFFSU1RVVldY", await Page.ContentAsync(), StringComparison.Ordinal);
    }

    private static (string, string)[] Signed(string id, string body, string secret)
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return [("svix-id", id), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", WebhookSecret.Parse(secret).Sign(id, ts, System.Text.Encoding.UTF8.GetBytes(body)))];
    }

    private async Task<int> PostAsync(string path, string body, (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Host.Client.SendAsync(request);
        return (int)response.StatusCode;
    }
}
