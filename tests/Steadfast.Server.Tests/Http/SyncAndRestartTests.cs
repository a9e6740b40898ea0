using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Steadfast.Engine.Drivers.Http;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Ids;
using Steadfast.Server.Tests.Support;

namespace Steadfast.Server.Tests.Http;

public sealed class SyncAndRestartTests
{
    private static string InBandReply(FakeSdk sdk, string appId, params object[] functions) =>
        JsonSerializer.Serialize(new { app_id = appId, framework = "fake", functions, sdk = "fake:v1.0.0", sdk_author = "test", sdk_language = "", sdk_version = "", url = sdk.Url, env = (string?)null });

    [Fact]
    public async Task InBand_PostApps_SyncsFromThePutReplyWithoutRegister()
    {
        await using var server = await ServerHost.StartAsync();
        await using var sdk = await FakeSdk.StartAsync();
        RecordedCall? put = null;
        sdk.OnPut = (call, http) =>
        {
            put = call;
            return FakeSdk.Reply(http, 200, InBandReply(sdk, "inband", sdk.Function("inband", "f", "test/ib")), headers: new Dictionary<string, string> { ["x-inngest-sync-kind"] = "in_band" });
        };

        using var response = await server.Client.PostAsJsonAsync("/v1/apps", new { url = sdk.Url });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Equal("inband", body.GetProperty("app_id").GetString());
        Assert.Equal("in_band", put!.Header("x-inngest-sync-kind"));
        Assert.Equal("dev", put.Header("x-inngest-server-kind"));
        Assert.Equal(sdk.Url, put.Json.GetProperty("url").GetString());
        Assert.Equal("inband-f", (await server.DevAsync()).GetProperty("functions")[0].GetProperty("id").GetString());
        server.DeleteFiles();
    }

    [Fact]
    public async Task InBand_NotAnSdk_502WithReason()
    {
        await using var server = await ServerHost.StartAsync();
        await using var sdk = await FakeSdk.StartAsync();
        sdk.OnPut = (_, http) => FakeSdk.Reply(http, 200, "<html/>", sdkHeader: false);

        using var response = await server.Client.PostAsJsonAsync("/v1/apps", new { url = sdk.Url });

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Contains("X-Inngest-SDK", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        server.DeleteFiles();
    }

    [Fact]
    public async Task SdkUrl_SyncedAtStart()
    {
        await using var sdk = await FakeSdk.StartAsync();
        var synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sdk.OnPut = async (_, http) =>
        {
            await FakeSdk.Reply(http, 200, InBandReply(sdk, "polled", sdk.Function("polled", "f", "test/p")), headers: new Dictionary<string, string> { ["x-inngest-sync-kind"] = "in_band" });
            synced.TrySetResult();
        };
        await using var server = await ServerHost.StartAsync(o => o.SdkUrls.Add(sdk.Url));
        await synced.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var apps = await server.Client.GetFromJsonAsync<JsonElement>("/v1/apps");
        Assert.Equal("polled", apps.GetProperty("data")[0].GetProperty("id").GetString());
        server.DeleteFiles();
    }

    [Fact]
    public async Task SdkUrl_NotAnSdk_PollerFailureListedInSyncLogForTheDashboard()
    {
        await using var sdk = await FakeSdk.StartAsync();
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sdk.OnPut = async (_, http) =>
        {
            http.Response.StatusCode = 404; // a web server, but no SDK behind this path
            await http.Response.WriteAsync("not found");
            asked.TrySetResult();
        };
        await using var server = await ServerHost.StartAsync(o => o.SdkUrls.Add(sdk.Url));
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(10));

        JsonElement attempt = default;
        for (var i = 0; i < 50 && attempt.ValueKind == JsonValueKind.Undefined; i++)
        {
            var log = await server.Client.GetFromJsonAsync<JsonElement>("/v1/apps/syncs");
            attempt = log.GetProperty("data").EnumerateArray().FirstOrDefault(a => a.GetProperty("url").GetString() == sdk.Url);
            await Task.Delay(100);
        }

        Assert.NotEqual(JsonValueKind.Undefined, attempt.ValueKind);
        Assert.False(attempt.GetProperty("ok").GetBoolean());
        Assert.Contains("not an Inngest SDK endpoint", attempt.GetProperty("error").GetString(), StringComparison.Ordinal);
        server.DeleteFiles();
    }

    [Fact]
    public async Task Restart_KeepsSyncedAppsAndRunsThem()
    {
        await using var sdk = await FakeSdk.StartAsync();
        sdk.OnCall = (_, _, http) => FakeSdk.Reply(http, 200, "\"after restart\"");
        var server = await ServerHost.StartAsync();
        var dir = server.Directory;
        var (status, _) = await server.RegisterAsync(sdk.RegisterBody("kept", ("fn", "test/kept")));
        Assert.Equal(200, status);
        await server.DisposeAsync();

        await using var restarted = await ServerHost.StartAsync(directory: dir);
        Assert.Equal("kept-fn", (await restarted.DevAsync()).GetProperty("functions")[0].GetProperty("id").GetString());
        var (again, body) = await restarted.RegisterAsync(sdk.RegisterBody("kept", ("fn", "test/kept")));
        Assert.Equal(200, again);
        Assert.False(body.GetProperty("modified").GetBoolean());

        await restarted.SendEventAsync("test/kept");
        var run = await restarted.FirstFinishedRunAsync();
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("\"after restart\"", run.Output);
        restarted.DeleteFiles();
    }

    [Fact]
    public async Task UseApi_LargeState_SdkFetchesEventsAndActions()
    {
        await using var server = await ServerHost.StartAsync(services: s => s.AddSingleton(new HttpDriverOptions { MaxRequestBodyBytes = 64 }));
        await using var sdk = await FakeSdk.StartAsync();
        var a = StepIds.Hash("a");
        using var api = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        string? actions = null, batch = null;
        sdk.OnCall = async (i, call, http) =>
        {
            if (i == 0)
            {
                await FakeSdk.Reply(http, 206, $$"""[{"op":"StepRun","id":"{{a}}","data":"big"}]""");
                return;
            }

            var json = call.Json;
            Assert.True(json.GetProperty("ctx").GetProperty("use_api").GetBoolean());
            Assert.Empty(json.GetProperty("steps").EnumerateObject());
            var runId = json.GetProperty("ctx").GetProperty("run_id").GetString();
            actions = await api.GetStringAsync($"/v0/runs/{runId}/actions");
            batch = await api.GetStringAsync($"/v0/runs/{runId}/batch");
            await FakeSdk.Reply(http, 200, "1");
        };
        await server.RegisterAsync(sdk.RegisterBody("big", ("fn", "test/big")));
        await server.SendEventAsync("test/big", new { x = 1 });
        var run = await server.FirstFinishedRunAsync();

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("{\"" + a + "\":{\"data\":\"big\"}}", actions);
        Assert.Equal("test/big", JsonElement.Parse(batch!)[0].GetProperty("name").GetString());
        server.DeleteFiles();
    }
}
