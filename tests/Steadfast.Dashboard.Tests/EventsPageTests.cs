using System.Text.Json;
using Microsoft.Playwright;
using Steadfast.Engine.Storage;

namespace Steadfast.Dashboard.Tests;

[Collection(BrowserCollection.Name)]
public sealed class EventsPageTests(BrowserFixture browser) : DashboardPageTest(browser)
{
    [Fact]
    public async Task Replay_ThenEditAndReplay_StoreNewEventsWhoseRunsComplete()
    {
        var original = await Host.SendEventAsync("app/greet", new { name = "Ada" });
        await Host.WaitForRunAsync(original, "greet", r => r.Status == RunStatus.Completed);

        await OpenAsync($"#/events/{original}");
        await Assertions.Expect(Page.GetByTestId("event-payload")).ToContainTextAsync("\"Ada\"");
        await Assertions.Expect(Page.GetByTestId("run-row")).ToHaveCountAsync(1);
        await ScreenshotAsync("event");

        // Replay: a new event with the same name and data fans out again (not deduplicated by the original id).
        await Page.GetByTestId("replay").ClickAsync();
        var replayed = await CurrentEventIdAsync(original);
        Assert.NotEqual(original, replayed);
        var replayRun = await Host.WaitForRunAsync(replayed, "greet", r => r.Status == RunStatus.Completed);
        Assert.Contains("Hello, Ada!", replayRun.Output, StringComparison.Ordinal);
        await Assertions.Expect(Page.GetByTestId("run-row").GetByTestId("status")).ToHaveTextAsync("Completed");
        var replayedEvent = (await GetJsonAsync($"/v1/events/{replayed}")).GetProperty("data");
        Assert.Equal("app/greet", replayedEvent.GetProperty("name").GetString());
        Assert.Equal("Ada", replayedEvent.GetProperty("data").GetProperty("name").GetString());

        // Edit and replay: new data, same name.
        await Page.GetByTestId("edit-replay").ClickAsync();
        await Page.GetByTestId("edit-data").FillAsync("""{ "name": "Grace" }""");
        await Page.GetByTestId("modal-submit").ClickAsync();
        var edited = await CurrentEventIdAsync(replayed);
        await Assertions.Expect(Page.GetByTestId("event-payload")).ToContainTextAsync("\"Grace\"");
        var editedRun = await Host.WaitForRunAsync(edited, "greet", r => r.Status == RunStatus.Completed);
        Assert.Contains("Hello, Grace!", editedRun.Output, StringComparison.Ordinal);
        await Assertions.Expect(Page.GetByTestId("run-row").GetByTestId("status")).ToHaveTextAsync("Completed");

        var runs = await GetJsonAsync($"/v1/runs?function_id=test-greet");
        Assert.Equal(3, runs.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task EventsList_SearchByNameAndKeyboard_FiltersAndOpens()
    {
        await Host.SendEventAsync("app/other", new { n = 1 });
        var greet = await Host.SendEventAsync("app/greet", new { name = "Searchable" });
        await Host.WaitForRunAsync(greet, "greet", r => r.IsTerminal);

        await OpenAsync("#/events");
        await Assertions.Expect(Page.GetByTestId("event-row")).ToHaveCountAsync(2);
        await Page.Keyboard.PressAsync("/");
        await Assertions.Expect(Page.GetByTestId("filter-name")).ToBeFocusedAsync();
        await Page.Keyboard.TypeAsync("app/greet");
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Page.GetByTestId("event-row")).ToHaveCountAsync(1);
        await ScreenshotAsync("events");

        await Page.Locator("body").ClickAsync(new LocatorClickOptions { Position = new Position { X = 5, Y = 890 } });
        await Page.Keyboard.PressAsync("j");
        await Assertions.Expect(Page.Locator("tr.selected")).ToHaveCountAsync(1);
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Page.GetByTestId("event-payload")).ToContainTextAsync("Searchable");
    }

    [Fact]
    public async Task ReplayApi_WithoutActionHeader_IsRefusedAndWritesNothing()
    {
        var original = await Host.SendEventAsync("app/other");
        using var response = await Host.Client.PostAsync($"/v1/events/{original}/replay", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Single(await Host.Store.ListEventsAsync(new EventQuery { Name = "app/other" }));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("X-Steadfast-Action", doc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
