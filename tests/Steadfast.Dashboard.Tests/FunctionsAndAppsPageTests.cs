using Microsoft.Playwright;
using Steadfast.Engine.Storage;

namespace Steadfast.Dashboard.Tests;

[Collection(BrowserCollection.Name)]
public sealed class FunctionsAndAppsPageTests(BrowserFixture browser) : DashboardPageTest(browser)
{
    [Fact]
    public async Task Functions_ListConfigAndInvokeWithPayload_RunCompletes()
    {
        await OpenAsync("#/functions");
        await Assertions.Expect(Page.GetByTestId("function-row")).ToHaveCountAsync(3);
        await ScreenshotAsync("functions");

        await Page.GetByTestId("function-row").Filter(new LocatorFilterOptions { HasText = "Greet user" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("function-config")).ToContainTextAsync("app/greet");
        await Page.GetByTestId("invoke").ClickAsync();
        await Page.GetByTestId("invoke-data").FillAsync("""{"name":"Linus"}""");
        await Page.GetByTestId("modal-submit").ClickAsync();
        var runId = await CurrentRunIdAsync();
        var run = await Host.WaitForRunAsync(runId, r => r.IsTerminal);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Contains("Hello, Linus!", run.Output, StringComparison.Ordinal);
        await Assertions.Expect(Page.GetByTestId("run-output")).ToContainTextAsync("Hello, Linus!");
        var trigger = await Host.Store.GetEventAsync(run.EventId);
        Assert.Equal("inngest/function.invoked", trigger!.Name);

        await Page.GotoAsync($"/#/functions/test-greet");
        await Assertions.Expect(Page.GetByTestId("run-row")).ToHaveCountAsync(1);
        await ScreenshotAsync("function");
    }

    [Fact]
    public async Task AppsAndWebhooks_NothingSynced_ShowClearEmptyStates()
    {
        await OpenAsync("#/apps");
        await Assertions.Expect(Page.GetByTestId("empty")).ToContainTextAsync("No synced apps");
        await Assertions.Expect(Page.GetByTestId("no-sync-errors")).ToBeVisibleAsync();
        await ScreenshotAsync("apps");

        await Page.Keyboard.PressAsync("g");
        await Page.Keyboard.PressAsync("w");
        await Assertions.Expect(Page.GetByTestId("webhooks-empty")).ToContainTextAsync("No webhook endpoint");
        await ScreenshotAsync("webhooks");
        var webhooks = await GetJsonAsync("/v1/webhooks");
        Assert.False(webhooks.GetProperty("data").GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task OpenApi_DescribesTheOperations()
    {
        var doc = await GetJsonAsync("/v1/openapi.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/v1/events/{eventId}/replay", "/v1/runs/{runId}/rerun", "/v1/runs/bulk/cancel", "/v1/runs/bulk/rerun", "/v1/functions/{functionId}/invoke", "/v1/stream", "/v1/feed", "/v1/runs" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"openapi.json lacks {path}");
        }
    }
}
