using System.Net;
using System.Net.Sockets;
using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenarios 5–7: syncs the server starts itself (each with its own server).</summary>
public sealed class DiscoveryTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S05_InBandSync_ConfigTakenFromThePutResponseWithoutRegister(int major)
    {
        var appPort = Paths.FreePort();
        var appUrl = $"http://localhost:{appPort}/api/inngest";
        await using var server = await SteadfastServer.StartAsync(extraArgs: ["-u", appUrl]);
        using var app = await InteropApp.StartAsync(major, $"interop-inband-v{major}", InteropApp.DevEnv(server), mode: "small", port: appPort);

        var listed = await Eventually.Until(async () => SyncTests.DevFunctionSlugs(await server.DevAsync()), l => l.Contains(app.Fn("steps")), "the -u app's functions in GET /dev", diagnostics: () => server.Tail);

        Assert.Contains(app.Fn("keep"), listed);
        var puts = await app.RequestsOfKindAsync("put");
        Assert.Contains(puts, p => (string?)p!["headers"]!["x-inngest-sync-kind"] == "in_band" && Calls.Status(p) == 200);
        Assert.Empty(await app.OutboundAsync("/fn/register"));
    }

    [Theory]
    [InlineData(4)]
    public async Task S06_AutoDiscovery_AppOnWellKnownPortSyncedWithin10s(int major)
    {
        // The discovery list holds 3000–3010 (and the server's $PORT); take a free one so parallel runs do not collide.
        var port = Enumerable.Range(3000, 11).FirstOrDefault(IsFree);
        Assert.True(port != 0, "no free port in 3000–3010 for the discovery scenario");
        using var app = await InteropApp.StartAsync(major, $"interop-discovered-v{major}", new Dictionary<string, string?> { ["INNGEST_DEV"] = "http://127.0.0.1:1" }, mode: "small", port: port);
        await using var server = await SteadfastServer.StartAsync(discovery: true, env: new Dictionary<string, string?> { ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        // The app was started before the server knew of it and was never PUT by the test.
        var listed = await Eventually.Until(async () => SyncTests.DevFunctionSlugs(await server.DevAsync()), l => l.Contains(app.Fn("steps")), "the discovered app's functions", TimeSpan.FromSeconds(10), () => server.Tail);
        Assert.Contains(app.Fn("keep"), listed);
        Assert.Contains(await app.RequestsOfKindAsync("get"), g => Calls.Status(g!) == 200);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S07_SdkUrlWithDeployId_CallsGoToNormalizedUrl(int major)
    {
        var appPort = Paths.FreePort();
        await using var server = await SteadfastServer.StartAsync(extraArgs: ["-u", $"http://127.0.0.1:{appPort}/api/inngest?deployId=d-123"]);
        using var app = await InteropApp.StartAsync(major, $"interop-deploy-v{major}", InteropApp.DevEnv(server), mode: "small", port: appPort);
        await Eventually.Until(async () => SyncTests.DevFunctionSlugs(await server.DevAsync()), l => l.Contains(app.Fn("steps")), "the -u app's functions in GET /dev", diagnostics: () => server.Tail);
        var tag = InteropStack.NewTag();

        var id = await server.SendEventAsync($"{app.AppId}/steps", new JsonObject { ["tag"] = tag });
        var run = await server.WaitForRunEndAsync(id, app.Fn("steps"));

        Assert.Equal("Completed", (string?)run["status"]);
        var calls = await app.CallsForRunAsync((string)run["run_id"]!);
        Assert.NotEmpty(calls);
        Assert.All(calls, c =>
        {
            Assert.Null(c!["query"]!["deployId"]);
            Assert.Null(c["query"]!["probe"]);
            Assert.Equal($"localhost:{appPort}", (string?)c["headers"]!["host"]);
        });
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var l = new TcpListener(IPAddress.Any, port);
            l.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
