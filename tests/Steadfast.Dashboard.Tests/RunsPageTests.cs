using Microsoft.Playwright;
using Steadfast.Engine.Storage;

namespace Steadfast.Dashboard.Tests;

[Collection(BrowserCollection.Name)]
public sealed class RunsPageTests(BrowserFixture browser) : DashboardPageTest(browser)
{
    [Fact]
    public async Task SleepingRun_TimelineShowsDueTime_CancelThenRerun()
    {
        var eventId = await Host.SendEventAsync("app/slow");
        var run = await Host.WaitForRunAsync(eventId, "slow", r => r.StepCount >= 1);
        await Host.WaitForAsync(async () => (await Host.Store.GetHistoryAsync(run.RunId)).FirstOrDefault(h => h.Type == HistoryTypes.SleepStarted), "the sleep");

        await OpenAsync($"#/runs/{run.RunId}");
        var sleep = Page.Locator("[data-testid=timeline-item][data-type=SleepStarted]");
        await Assertions.Expect(sleep).ToContainTextAsync("wait-an-hour");
        await Assertions.Expect(sleep).ToContainTextAsync("until in 1h");
        await Assertions.Expect(Page.Locator("[data-testid=timeline-item][data-type=StepCompleted]")).ToContainTextAsync("first");
        await ScreenshotAsync("run");

        await Page.GetByTestId("cancel").ClickAsync();
        await Assertions.Expect(Page.Locator("h1").GetByTestId("status")).ToHaveTextAsync("Cancelled");
        await Assertions.Expect(Page.Locator("[data-testid=timeline-item][data-type=RunCancelled]")).ToHaveCountAsync(1);
        Assert.Equal(RunStatus.Cancelled, (await Host.Store.GetRunAsync(run.RunId))!.Status);
        var rest = await GetJsonAsync($"/v1/runs/{run.RunId}");
        Assert.Equal("Cancelled", rest.GetProperty("data").GetProperty("status").GetString());

        await Page.GetByTestId("rerun").ClickAsync();
        var rerun = await Host.WaitForAsync(async () => (await Host.Store.ListRunsAsync(new RunQuery { FunctionId = "test-slow" })).FirstOrDefault(r => r.RunId != run.RunId), "the rerun");
        await WithDiagnosticsAsync(() => Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/runs/{rerun.RunId}$")));
        rerun = await Host.WaitForRunAsync(rerun.RunId, r => r.StepCount >= 1);
        Assert.Equal("test-slow", rerun.FunctionId);
        Assert.Equal(eventId, rerun.EventId);
        await Assertions.Expect(Page.Locator("h1").GetByTestId("status")).ToHaveTextAsync("Running");
    }

    [Fact]
    public async Task FailedRun_RerunFromFailedStep_ReusesEarlierStepAndCompletes()
    {
        var eventId = await Host.SendEventAsync("app/flaky");
        var failed = await Host.WaitForRunAsync(eventId, "flaky", r => r.IsTerminal);
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal(1, Host.FlakyStepACalls);

        await OpenAsync($"#/runs/{failed.RunId}");
        await Assertions.Expect(Page.GetByTestId("run-output")).ToContainTextAsync("database unavailable");
        await Assertions.Expect(Page.GetByTestId("error-line").First).ToHaveTextAsync("InvalidOperationException: database unavailable");
        await Assertions.Expect(Page.Locator("[data-testid=timeline-item][data-type=StepFailed]")).ToContainTextAsync("b");
        await ScreenshotAsync("run-failed");

        Host.FlakyHeals = true;
        await Page.Locator("[data-testid=timeline-item][data-type=StepFailed]").GetByTestId("rerun-from").ClickAsync();
        var rerunId = await CurrentRunIdAsync(failed.RunId);
        var rerun = await Host.WaitForRunAsync(rerunId, r => r.IsTerminal);

        Assert.Equal(RunStatus.Completed, rerun.Status);
        Assert.Equal(1, Host.FlakyStepACalls); // step a came from the seeded memo, not executed again
        await Assertions.Expect(Page.Locator("h1").GetByTestId("status")).ToHaveTextAsync("Completed");
        await Assertions.Expect(Page.GetByTestId("run-output")).ToContainTextAsync("synced");
    }

    [Fact]
    public async Task RunsList_FilterByFunctionAndStatus_BulkReplayFailedAndBulkCancel()
    {
        var slowEvent = await Host.SendEventAsync("app/slow");
        var greetEvent = await Host.SendEventAsync("app/greet", new { name = "x" });
        var f1 = await Host.SendEventAsync("app/flaky");
        var f2 = await Host.SendEventAsync("app/flaky");
        await Host.WaitForRunAsync(f1, "flaky", r => r.IsTerminal);
        await Host.WaitForRunAsync(f2, "flaky", r => r.IsTerminal);
        await Host.WaitForRunAsync(greetEvent, "greet", r => r.IsTerminal);
        var slow = await Host.WaitForRunAsync(slowEvent, "slow", r => r.StepCount >= 1);

        await OpenAsync("#/runs");
        await Assertions.Expect(Page.GetByTestId("run-row")).ToHaveCountAsync(4);
        await Page.GetByTestId("filter-function").SelectOptionAsync("test-flaky");
        await Page.GetByTestId("filter-status").SelectOptionAsync("Failed");
        await Page.GetByTestId("filter-apply").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("run-row")).ToHaveCountAsync(2);
        await ScreenshotAsync("runs");

        Host.FlakyHeals = true;
        Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await Page.GetByTestId("bulk-rerun").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("toast")).ToContainTextAsync("Started 2 rerun(s)");
        await Host.WaitForAsync(async () =>
        {
            var done = await Host.Store.ListRunsAsync(new RunQuery { FunctionId = "test-flaky", Statuses = [RunStatus.Completed] });
            return done.Count == 2 ? done : null;
        }, "two completed reruns");

        await OpenAsync("#/runs?function=test-slow");
        await Page.GetByTestId("bulk-cancel").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("toast").Last).ToContainTextAsync("Cancelled 1 of 1");
        Assert.Equal(RunStatus.Cancelled, (await Host.Store.GetRunAsync(slow.RunId))!.Status);
        await Assertions.Expect(Page.GetByTestId("run-row").GetByTestId("status")).ToHaveTextAsync("Cancelled");
    }
}
