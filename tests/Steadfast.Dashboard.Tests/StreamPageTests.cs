using Microsoft.Playwright;
using Steadfast.Engine.Storage;

namespace Steadfast.Dashboard.Tests;

[Collection(BrowserCollection.Name)]
public sealed class StreamPageTests(BrowserFixture browser) : DashboardPageTest(browser)
{
    [Fact]
    public async Task Stream_EventSentAfterPageLoad_AppearsLiveWithItsCompletedRun()
    {
        await OpenAsync("#/stream");
        await Assertions.Expect(Page.GetByTestId("empty")).ToBeVisibleAsync();

        var eventId = await Host.SendEventAsync("app/greet", new { name = "Ada" });
        await Host.WaitForRunAsync(eventId, "greet", r => r.Status == RunStatus.Completed);

        // No reload: the row arrives through the SSE stream, and its run chip turns Completed.
        var row = Page.Locator($"[data-testid=event-row][data-event-id='{eventId}']");
        await Assertions.Expect(row).ToContainTextAsync("app/greet");
        await Assertions.Expect(row.GetByTestId("run-chip")).ToContainTextAsync("Greet user");
        await Assertions.Expect(row.GetByTestId("status")).ToHaveTextAsync("Completed");
        await ScreenshotAsync("stream");

        await row.ClickAsync();
        await Assertions.Expect(Page.GetByTestId("event-name")).ToHaveTextAsync("app/greet");
    }

    [Fact]
    public async Task SendEventDialog_ValidAndInvalidJson_SendsOrExplains()
    {
        await OpenAsync("#/stream");
        await Page.GetByTestId("send-event").ClickAsync();
        await Page.GetByTestId("send-event-json").FillAsync("{ not json");
        await Page.GetByTestId("modal-submit").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("modal-error")).ToContainTextAsync("not valid JSON");

        await Page.GetByTestId("send-event-json").FillAsync("""{"name":"app/greet","data":{"name":"Dialog"}}""");
        await Page.GetByTestId("modal-submit").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("event-name")).ToHaveTextAsync("app/greet");

        var events = await Host.Store.ListEventsAsync(new EventQuery { Name = "app/greet" });
        var stored = Assert.Single(events);
        Assert.Contains("Dialog", stored.Json, StringComparison.Ordinal);
        await Host.WaitForRunAsync(stored.InternalId, "greet", r => r.Status == RunStatus.Completed);
    }
}
