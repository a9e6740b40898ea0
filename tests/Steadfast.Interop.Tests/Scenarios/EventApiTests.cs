using System.Net;
using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenarios 8–12: the event API as the SDK and users see it.</summary>
public sealed class EventApiTests
{
    private const string Name = "interop/s08.api"; // triggers s16-no-step

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S08_SingleAndArray_IdsInRequestOrder(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var single = await stack.Server.SendEventsAsync(new JsonObject { ["name"] = Name, ["data"] = new JsonObject { ["tag"] = tag, ["n"] = -1 } }.ToJsonString());
        var array = new JsonArray([.. Enumerable.Range(0, 3).Select(i => (JsonNode)new JsonObject { ["name"] = Name, ["data"] = new JsonObject { ["tag"] = tag, ["n"] = i } })]);
        var ids = await stack.Server.SendEventsAsync(array.ToJsonString());

        Assert.Single(single);
        Assert.Equal(3, ids.Length);
        Assert.Equal(4, ids.Concat(single).Distinct().Count());
        Assert.All(ids.Concat(single), id => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}$", id));
        for (var i = 0; i < 3; i++)
        {
            var stored = await stack.Server.EventAsync(ids[i]);
            Assert.Equal(i, stored!["data"]!["n"]!.GetValue<int>());
        }

        // Each event started its own run of the matching function.
        foreach (var id in ids)
        {
            var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s16-no-step"));
            Assert.Equal("Completed", (string?)run["status"]);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S09_InngestSend_ResolvesWithIdsAndStartsRuns(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var result = await stack.App.SdkSendAsync(new JsonArray(
            new JsonObject { ["name"] = Name, ["data"] = new JsonObject { ["tag"] = tag, ["n"] = 1 } },
            new JsonObject { ["name"] = Name, ["data"] = new JsonObject { ["tag"] = tag, ["n"] = 2 } }).ToJsonString());

        var ids = result["ids"]!.AsArray().Select(i => (string)i!).ToList();
        Assert.Equal(2, ids.Count);
        foreach (var id in ids)
        {
            Assert.Equal("Completed", (string?)(await stack.Server.WaitForRunEndAsync(id, stack.Fn("s16-no-step")))["status"]);
        }

        // The SDK posted an array with a seed header, and the server's body carried "status":200.
        var post = (await stack.App.OutboundContainingAsync(tag)).Single(o => ((string)o!["path"]!).StartsWith("/e/", StringComparison.Ordinal))!;
        Assert.Matches(@"^\d+,[A-Za-z0-9+/=]+$", (string?)post["headers"]!["x-inngest-event-id-seed"] ?? "");
        Assert.Equal(200, JsonNode.Parse((string)post["response"]!)!["status"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S10_ReservedName_Rejected400WithoutRun(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        foreach (var reserved in new[] { "inngest/function.failed", "Inngest/Function.Finished" })
        {
            var (status, body, _) = await stack.Server.SendRawAsync(HttpMethod.Post, $"/e/{stack.Server.EventKey}", new JsonObject { ["name"] = reserved, ["data"] = new JsonObject { ["tag"] = tag } }.ToJsonString());
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.False(string.IsNullOrEmpty((string?)JsonNode.Parse(body)!["error"]), body);
        }

        // A batch with one reserved name is refused whole: the valid event is not stored either.
        var (batchStatus, _, _) = await stack.Server.SendRawAsync(HttpMethod.Post, $"/e/{stack.Server.EventKey}", new JsonArray(
            new JsonObject { ["name"] = Name, ["data"] = new JsonObject { ["tag"] = tag } },
            new JsonObject { ["name"] = "inngest/function.failed", ["data"] = new JsonObject { ["tag"] = tag } }).ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, batchStatus);

        var failedEvents = await stack.Server.EventsNamedAsync("inngest/function.failed");
        Assert.DoesNotContain(failedEvents, e => (string?)e!["data"]?["tag"] == tag);
        var valid = await stack.Server.EventsNamedAsync(Name);
        Assert.DoesNotContain(valid, e => (string?)e!["data"]?["tag"] == tag);
        Assert.Empty(await stack.App.MarksAsync(tag));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S11_SameEventIdTwice_TwoStoredEventsOneRun(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();
        var json = new JsonObject { ["id"] = $"dup-{tag}", ["name"] = Name, ["data"] = new JsonObject { ["tag"] = tag } }.ToJsonString();

        var first = Assert.Single(await stack.Server.SendEventsAsync(json));
        var run = await stack.Server.WaitForRunEndAsync(first, stack.Fn("s16-no-step"));
        var second = Assert.Single(await stack.Server.SendEventsAsync(json));

        Assert.Equal("Completed", (string?)run["status"]);
        Assert.NotNull(await stack.Server.EventAsync(first));
        Assert.NotNull(await stack.Server.EventAsync(second));
        var stored = (await stack.Server.EventsNamedAsync(Name)).Count(e => (string?)e!["data"]?["tag"] == tag);
        Assert.Equal(2, stored);

        // Runs are planned when the event is accepted, so the second event's (absent) run would already exist.
        Assert.Empty(await stack.Server.RunsOfAsync(second, stack.Fn("s16-no-step")));
        Assert.Single(await stack.App.MarksAsync(tag, "ran"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S12_SeededIdRetry_SameIdsOneRun(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();
        var seed = new Dictionary<string, string> { ["x-inngest-event-id-seed"] = $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},{Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10))}" };
        var json = new JsonArray(
            new JsonObject { ["name"] = Name, ["data"] = new JsonObject { ["tag"] = tag, ["n"] = 1 } },
            new JsonObject { ["name"] = Name, ["data"] = new JsonObject { ["tag"] = tag, ["n"] = 2 } }).ToJsonString();

        var first = await stack.Server.SendEventsAsync(json, seed);
        var retried = await stack.Server.SendEventsAsync(json, seed);

        Assert.Equal(first, retried);
        Assert.NotEqual(first[0], first[1]);
        foreach (var id in first)
        {
            await stack.Server.WaitForRunEndAsync(id, stack.Fn("s16-no-step"));
            Assert.Single(await stack.Server.RunsOfAsync(id, stack.Fn("s16-no-step")));
        }

        Assert.Equal(2, (await stack.App.MarksAsync(tag, "ran")).Count);
    }
}
