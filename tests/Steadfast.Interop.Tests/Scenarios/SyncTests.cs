using System.Net;
using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenarios 1, 2 and 4: out-of-band sync through <c>PUT /api/inngest</c>.</summary>
public sealed class SyncTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S01_OutOfBandSync_RegistersCompositeIdsAndListsFunctions(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);

        // The PUT that synced the app relayed the server's register reply.
        Assert.NotNull(stack.FirstSync);
        Assert.True((bool?)stack.FirstSync!["modified"], stack.FirstSync.ToJsonString());
        Assert.False(string.IsNullOrEmpty((string?)stack.FirstSync["message"]), stack.FirstSync.ToJsonString());

        // What the SDK sent to POST /fn/register, and what the server answered.
        var register = (await stack.App.OutboundAsync("/fn/register"))[0]!;
        Assert.Equal("POST", (string?)register["method"]);
        Assert.Equal(200, register["status"]!.GetValue<int>());
        var body = JsonNode.Parse((string)register["body"]!)!;
        Assert.Equal(stack.App.AppId, (string?)body["appName"]);
        Assert.Equal($"js:v{stack.App.SdkVersion}", (string?)body["sdk"]);
        Assert.Equal("0.1", (string?)body["v"]);
        var ids = body["functions"]!.AsArray().Select(f => (string)f!["id"]!).ToList();
        Assert.All(ids, id => Assert.StartsWith(stack.App.AppId + "-", id, StringComparison.Ordinal));
        Assert.Contains(stack.Fn("s17-serial"), ids);
        Assert.Contains(stack.Fn("s22-step-uncaught-failure"), ids);

        // The server's reply is JSON the SDK accepts (status in the body is 200 or absent).
        var reply = JsonNode.Parse((string)register["response"]!)!;
        Assert.True(reply["status"] is null || reply["status"]!.GetValue<int>() == 200, reply.ToJsonString());

        // And the functions are listed by GET /dev.
        var listed = DevFunctionSlugs(await stack.Server.DevAsync());
        Assert.Contains(stack.Fn("s17-serial"), listed);
        Assert.Contains(stack.Fn("onboarding-emails"), listed);
        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Where(s => s.StartsWith(stack.App.AppId + "-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S02_ResyncUnchanged_NotModifiedAndNoDuplicates(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var before = DevFunctions(await stack.Server.DevAsync(), stack.App.AppId);

        var (status, body, _) = await stack.App.SyncAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False((bool?)body!["modified"], body.ToJsonString());
        var after = DevFunctions(await stack.Server.DevAsync(), stack.App.AppId);
        Assert.Equal(before, after);
        Assert.Equal(after.Count, after.Select(f => f.Slug).Distinct().Count());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S04_ExpectedServerKindMismatch_RegisterRefusedWith400(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);

        var (status, body, _) = await stack.App.SyncAsync(new Dictionary<string, string> { ["x-inngest-server-kind"] = "cloud" });

        var register = (await stack.App.OutboundAsync("/fn/register")).Last(r => (string?)r!["headers"]?["x-inngest-expected-server-kind"] == "cloud")!;
        Assert.Equal(400, register["status"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("server kind", body?.ToJsonString() ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("js:v3.30.0", "sdk_version_denied")]
    [InlineData("js:v4.24.0", "App ID required")]
    public async Task Register_DeniedSdkVersionOrMissingAppName_400WithReason(string sdk, string reason)
    {
        var stack = await InteropStack.ForMajorAsync(4);
        var appName = reason == "App ID required" ? "" : "interop-denied-" + InteropStack.NewTag()[..8];
        var body = new JsonObject
        {
            ["url"] = "http://localhost:1/api/inngest",
            ["deployType"] = "ping",
            ["framework"] = "express",
            ["appName"] = appName,
            ["sdk"] = sdk,
            ["v"] = "0.1",
            ["functions"] = new JsonArray(),
        }.ToJsonString();

        var (status, text, _) = await stack.Server.SendRawAsync(HttpMethod.Post, "/fn/register", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var json = JsonNode.Parse(text)!;
        Assert.Contains(reason, json.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(400, json["status"]?.GetValue<int>()); // the SDK relays the body's status to the PUT caller
    }

    internal static List<string> DevFunctionSlugs(JsonObject dev) =>
        [.. dev["functions"]!.AsArray().Where(f => !IsArchived(f!)).Select(f => (string?)f!["slug"] ?? (string)f["id"]!)];

    internal static List<(string Slug, string Id)> DevFunctions(JsonObject dev, string appId) =>
        [.. dev["functions"]!.AsArray()
            .Select(f => (Slug: (string?)f!["slug"] ?? (string)f["id"]!, Id: (string)f["id"]!))
            .Where(f => f.Slug.StartsWith(appId + "-", StringComparison.Ordinal))
            .OrderBy(f => f.Slug, StringComparer.Ordinal)];

    private static bool IsArchived(JsonNode f) => f["archived"] is JsonValue v && v.GetValue<bool>();
}
