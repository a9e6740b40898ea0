using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>
/// The product brief's own functions, as the Clerk guide and blog wrote them (with their weaknesses fixed): sync the user
/// on created/updated/deleted, a welcome email fanned out from the same event, and the onboarding drip whose
/// "3 days" sleep is shortened to <see cref="InteropStack.SleepOverride"/> through SLEEP_OVERRIDE.
/// </summary>
public sealed class BriefFunctionTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task UserCreated_FansOutToSyncWelcomeAndOnboarding(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var userId = "user_" + InteropStack.NewTag();

        var eventId = await stack.Server.SendEventAsync("clerk/user.created", ClerkUser(userId, "Ada", updatedAt: 1000));

        var sync = await stack.Server.WaitForRunEndAsync(eventId, stack.Fn("sync-user-from-clerk"));
        var welcome = await stack.Server.WaitForRunEndAsync(eventId, stack.Fn("send-welcome-email"));
        Assert.Equal("Completed", (string?)sync["status"]);
        Assert.Equal("Completed", (string?)welcome["status"]);

        // The primary address, not the first one.
        var row = JsonNode.Parse(await stack.App.Http.GetStringAsync($"/db/users/{userId}"))!;
        Assert.Equal("ada@primary.example", (string?)row["email"]);
        Assert.Equal("Ada", (string?)row["first_name"]);
        Assert.Equal("ada@primary.example", (string?)welcome["output"]!["to"]);

        var onboarding = await stack.Server.WaitForRunEndAsync(eventId, stack.Fn("onboarding-emails"), TimeSpan.FromSeconds(30));
        Assert.Equal("Completed", (string?)onboarding["status"]);
        Assert.Equal($$"""{"user":"{{userId}}"}""", onboarding["output"]!.ToJsonString());
        var emails = JsonNode.Parse(await stack.App.Http.GetStringAsync($"/emails?user={userId}"))!.AsArray();
        var welcomeMail = emails.Single(e => (string?)e!["kind"] == "onboarding-welcome")!;
        var trial = emails.Single(e => (string?)e!["kind"] == "trial-offer")!;
        Assert.True(trial["at"]!.GetValue<long>() - welcomeMail["at"]!.GetValue<long>() >= 2000, "the trial offer came before the shortened 3-day sleep ended");
        Assert.Single(emails, e => (string?)e!["kind"] == "welcome");

        var calls = await stack.App.CallsForRunAsync((string)onboarding["run_id"]!);
        var sleep = calls.SelectMany(c => Calls.Ops(c!)).Single(o => (string?)o["op"] == "Sleep");
        Assert.Equal(StepIds.Hash("wait-3-days"), (string?)sleep["id"]);
        Assert.Equal(InteropStack.SleepOverride, (string?)sleep["name"]);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task UserUpdatedThenDeleted_RowFollowsAndStaleUpdateIgnored(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var userId = "user_" + InteropStack.NewTag();
        var sync = stack.Fn("sync-user-from-clerk");

        var created = await stack.Server.SendEventAsync("clerk/user.created", ClerkUser(userId, "Ada", updatedAt: 1000));
        await stack.Server.WaitForRunEndAsync(created, sync);
        var updated = await stack.Server.SendEventAsync("clerk/user.updated", ClerkUser(userId, "Grace", updatedAt: 3000));
        Assert.Equal("Completed", (string?)(await stack.Server.WaitForRunEndAsync(updated, stack.Fn("update-user-from-clerk")))["status"]);
        Assert.Equal("Grace", (string?)JsonNode.Parse(await stack.App.Http.GetStringAsync($"/db/users/{userId}"))!["first_name"]);

        // An out-of-order (older) update does not overwrite the newer row.
        var stale = await stack.Server.SendEventAsync("clerk/user.updated", ClerkUser(userId, "Stale", updatedAt: 2000));
        await stack.Server.WaitForRunEndAsync(stale, stack.Fn("update-user-from-clerk"));
        Assert.Equal("Grace", (string?)JsonNode.Parse(await stack.App.Http.GetStringAsync($"/db/users/{userId}"))!["first_name"]);

        var deleted = await stack.Server.SendEventAsync("clerk/user.deleted", new JsonObject { ["id"] = userId, ["object"] = "user", ["deleted"] = true });
        var run = await stack.Server.WaitForRunEndAsync(deleted, stack.Fn("delete-user-from-clerk"));
        Assert.Equal("Completed", (string?)run["status"]);
        Assert.Equal("""{"deleted":true}""", run["output"]!.ToJsonString());
        using var gone = await stack.App.Http.GetAsync($"/db/users/{userId}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
    }

    /// <summary>A Clerk user object (the shape of the reference fixtures) whose primary email is NOT the first one.</summary>
    private static JsonObject ClerkUser(string id, string firstName, long updatedAt) => new()
    {
        ["id"] = id,
        ["object"] = "user",
        ["first_name"] = firstName,
        ["last_name"] = "Quill",
        ["primary_email_address_id"] = "idn_primary",
        ["email_addresses"] = new JsonArray(
            new JsonObject { ["id"] = "idn_other", ["object"] = "email_address", ["email_address"] = "ada@other.example" },
            new JsonObject { ["id"] = "idn_primary", ["object"] = "email_address", ["email_address"] = "ada@primary.example" }),
        ["created_at"] = 1000,
        ["updated_at"] = updatedAt,
    };
}
