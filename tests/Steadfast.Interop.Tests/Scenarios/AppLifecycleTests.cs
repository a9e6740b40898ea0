using System.Net;
using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>
/// Reference §11 scenarios 3, 41, 44 and 45, each with its own small app (events prefixed by its app id) on the shared
/// server of the SDK major.
/// </summary>
public sealed class AppLifecycleTests
{
    internal static async Task<InteropApp> StartSmallAsync(InteropStack stack, string kind, params (string Key, string? Value)[] env) =>
        await InteropApp.StartAsync(stack.Major, $"interop-{kind}-v{stack.Major}-{InteropStack.NewTag()[..8]}", InteropApp.DevEnv(stack.Server, env), mode: "small");

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S03_FunctionRemoved_ArchivedAndNoLongerTriggered(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        using var app = await StartSmallAsync(stack, "removal");
        await app.SyncOkAsync();
        var tag = InteropStack.NewTag();
        var before = await stack.Server.SendEventAsync($"{app.AppId}/drop", new JsonObject { ["tag"] = tag });
        Assert.Equal("Completed", (string?)(await stack.Server.WaitForRunEndAsync(before, app.Fn("drop-me")))["status"]);

        await app.Http.PostAsync("/admin/drop", null);
        var (status, body, _) = await app.SyncAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((bool?)body!["modified"], body.ToJsonString());
        var listed = SyncTests.DevFunctionSlugs(await stack.Server.DevAsync());
        Assert.DoesNotContain(app.Fn("drop-me"), listed);
        Assert.Contains(app.Fn("keep"), listed);

        // Both events in one request: runs are planned at ingest, so once "keep" ran, a "drop-me" run would exist.
        var tag2 = InteropStack.NewTag();
        var ids = await stack.Server.SendEventsAsync(new JsonArray(
            new JsonObject { ["name"] = $"{app.AppId}/drop", ["data"] = new JsonObject { ["tag"] = tag2 } },
            new JsonObject { ["name"] = $"{app.AppId}/keep", ["data"] = new JsonObject { ["tag"] = tag2 } }).ToJsonString());
        Assert.Equal("Completed", (string?)(await stack.Server.WaitForRunEndAsync(ids[1], app.Fn("keep")))["status"]);
        Assert.Empty(await stack.Server.RunsForEventAsync(ids[0]));
        Assert.Empty(await app.MarksAsync(tag2, "drop-me"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S41_Streaming_201UnwrappedLikeAPlainResponse(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        using var app = await StartSmallAsync(stack, "stream", ("INNGEST_STREAMING", major == 4 ? "true" : "force"));
        await app.SyncOkAsync();
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync($"{app.AppId}/steps", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, app.Fn("steps"));

        Assert.Equal("Completed", (string?)run["status"]);
        Assert.Equal("""{"sum":6}""", run["output"]!.ToJsonString());
        var calls = await app.CallsForRunAsync((string)run["run_id"]!);
        Assert.Equal(4, calls.Count);
        Assert.All(calls, c => Assert.Equal(201, Calls.Status(c!)));
        Assert.Single(await app.MarksAsync(tag, "done"));
        var history = await stack.Server.HistoryAsync((string)run["run_id"]!);
        Assert.Equal(3, history.Count(h => (string?)h!["type"] == "StepCompleted"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S44_UnknownFnId_500RetriedThenRunFailed(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        using var app = await StartSmallAsync(stack, "unknown");
        await app.SyncOkAsync();
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync($"{app.AppId}/drop", new JsonObject { ["tag"] = tag, ["sleep"] = "2s" });
        var started = await stack.Server.WaitForRunStartAsync(id, app.Fn("drop-me"));
        var runId = (string)started["run_id"]!;
        await Eventually.Until(() => stack.Server.HistoryAsync(runId), h => h.Any(e => (string?)e!["type"] == "SleepStarted"), "the run to sleep");

        // The app forgets the function without telling the server; the wake-up call names an unknown fnId.
        await app.Http.PostAsync("/admin/drop", null);
        var run = await stack.Server.WaitForRunEndAsync(id, app.Fn("drop-me"), TimeSpan.FromSeconds(30));

        Assert.Equal("Failed", (string?)run["status"]);
        Assert.False(string.IsNullOrWhiteSpace(run["output"]?.ToJsonString().Trim('"')), run.ToJsonString());
        var calls = await app.CallsForRunAsync(runId);
        var unknown = calls.Where(c => Calls.Status(c!) == 500).ToList();
        Assert.True(unknown.Count == 2, Calls.Describe(calls)); // retries: 1 → two attempts
        Assert.Equal([0, 1], unknown.Select(c => Calls.Attempt(c!)));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S45_MissingBodyParser_RunFailsInsteadOfCompleting(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        using var app = await StartSmallAsync(stack, "nobody", ("NO_BODY_PARSER", "1"));
        await app.SyncOkAsync();
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync($"{app.AppId}/keep", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, app.Fn("keep"), TimeSpan.FromSeconds(30));

        Assert.Equal("Failed", (string?)run["status"]);
        Assert.False(string.IsNullOrWhiteSpace(run["output"]?.ToJsonString().Trim('"')), run.ToJsonString());
        Assert.Empty(await app.MarksAsync(tag, "keep"));
        var calls = await app.CallsForFnAsync(app.Fn("keep"));
        Assert.Equal(2, calls.Count); // retries: 1
        Assert.All(calls, c => Assert.NotInRange(Calls.Status(c!), 200, 299));
    }
}
