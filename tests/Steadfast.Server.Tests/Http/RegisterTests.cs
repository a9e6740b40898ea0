using System.Text.Json;
using Steadfast.Server.Tests.Support;

namespace Steadfast.Server.Tests.Http;

public sealed class RegisterTests : IAsyncLifetime
{
    private ServerHost _server = null!;
    private FakeSdk _sdk = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerHost.StartAsync();
        _sdk = await FakeSdk.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _sdk.DisposeAsync();
        await _server.DisposeAsync();
        _server.DeleteFiles();
    }

    [Fact]
    public async Task Register_NewApp_OkModifiedAndListedInDev()
    {
        var (status, body) = await _server.RegisterAsync(_sdk.RegisterBody("shop", ("hello", "test/hello")));

        Assert.Equal(200, status);
        Assert.Equal(200, body.GetProperty("status").GetInt32());
        Assert.True(body.GetProperty("modified").GetBoolean());
        Assert.False(body.TryGetProperty("error", out _));
        var fn = Assert.Single((await _server.DevAsync()).GetProperty("functions").EnumerateArray());
        Assert.Equal("shop-hello", fn.GetProperty("id").GetString());
        Assert.Equal(_sdk.Url + "?fnId=shop-hello&stepId=step", fn.GetProperty("steps").GetProperty("step").GetProperty("runtime").GetProperty("url").GetString());
    }

    [Fact]
    public async Task Register_SameConfigTwice_SecondNotModifiedNoDuplicates()
    {
        await _server.RegisterAsync(_sdk.RegisterBody("shop", ("hello", "test/hello")));
        var (status, body) = await _server.RegisterAsync(_sdk.RegisterBody("shop", ("hello", "test/hello")));

        Assert.Equal(200, status);
        Assert.False(body.GetProperty("modified").GetBoolean());
        Assert.Single((await _server.DevAsync()).GetProperty("functions").EnumerateArray());
    }

    [Fact]
    public async Task Register_FunctionRemoved_ArchivedAndNoLongerTriggered()
    {
        await _server.RegisterAsync(_sdk.RegisterBody("shop", ("a", "test/a"), ("b", "test/b")));
        await _server.RegisterAsync(_sdk.RegisterBody("shop", ("a", "test/a")));

        var ids = (await _server.DevAsync()).GetProperty("functions").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.Equal(["shop-a"], ids);
        var sent = await _server.SendEventAsync("test/b");
        var eventId = sent.GetProperty("ids")[0].GetString()!;
        var runs = await _server.Store.ListRunsAsync(new Engine.Storage.RunQuery { EventId = eventId, Limit = 10 });
        Assert.Empty(runs);
    }

    [Fact]
    public async Task Register_UrlWithDeployIdAnd127_Normalized()
    {
        var fn = _sdk.Function("shop", "n", "test/n");
        var url = _sdk.Url.Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        ((Dictionary<string, object?>)((Dictionary<string, object?>)fn["steps"]!)["step"]!)["runtime"] = new { type = "http", url = url + "?fnId=shop-n&stepId=step&deployId=d-1" };
        var (status, _) = await _server.RegisterAsync(new { url = url + "?deployId=d-1", appName = "shop", functions = new[] { fn }, sdk = "js:v4.24.0", v = "0.1" });

        Assert.Equal(200, status);
        var dev = await _server.DevAsync();
        Assert.Equal(_sdk.Url, dev.GetProperty("handlers")[0].GetProperty("url").GetString());
        Assert.Equal(_sdk.Url + "?fnId=shop-n&stepId=step", dev.GetProperty("functions")[0].GetProperty("steps").GetProperty("step").GetProperty("runtime").GetProperty("url").GetString());
    }

    [Fact]
    public async Task Register_ExpectedServerKindCloud_400()
    {
        var (status, body) = await _server.RegisterAsync(_sdk.RegisterBody("shop", ("a", "test/a")), r => r.Headers.Add("X-Inngest-Expected-Server-Kind", "cloud"));

        Assert.Equal(400, status);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.Equal("Expected server kind cloud, got dev", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Register_EmptyAppName_AppIdRequired()
    {
        var (status, body) = await _server.RegisterAsync(_sdk.RegisterBody("", ("a", "test/a")));

        Assert.Equal(400, status);
        Assert.Equal("App ID required", body.GetProperty("error").GetString());
        Assert.Empty((await _server.DevAsync()).GetProperty("functions").EnumerateArray());
    }

    [Fact]
    public async Task Register_DeniedJsSdkVersion_400()
    {
        var body = JsonSerializer.SerializeToElement(_sdk.RegisterBody("shop", ("a", "test/a")));
        var dict = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(body)!;
        dict["sdk"] = JsonSerializer.SerializeToElement("js:v3.30.0");
        var (status, reply) = await _server.RegisterAsync(dict);

        Assert.Equal(400, status);
        Assert.Equal("sdk_version_denied", reply.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("expression", "event.data.x ==")]
    [InlineData("cron", "61 * * * *")]
    [InlineData("cron", "TZ=Mars/Olympus 0 12 * * 5")]
    [InlineData("retries", "21")]
    [InlineData("retries", "-1")]
    public async Task Register_InvalidFunction_400WithReason(string what, string value)
    {
        var fn = what switch
        {
            "expression" => _sdk.Function("shop", "bad", "test/bad", expression: value),
            "cron" => _sdk.Function("shop", "bad", "test/bad", cron: value),
            _ => _sdk.Function("shop", "bad", "test/bad", retries: int.Parse(value)),
        };
        var (status, body) = await _server.RegisterAsync(_sdk.RegisterBody("shop", [fn]));

        Assert.Equal(400, status);
        var error = body.GetProperty("error").GetString()!;
        Assert.Contains("shop-bad", error, StringComparison.Ordinal);
        Assert.Contains(what == "retries" ? "retries" : value.Split(' ')[0], error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_ValidCronWithZone_Accepted()
    {
        var (status, _) = await _server.RegisterAsync(_sdk.RegisterBody("shop", [_sdk.Function("shop", "c", "x", cron: "TZ=Asia/Tokyo 0 9 * * *")]));
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Register_NotJson_400()
    {
        using var content = new StringContent("not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await _server.Client.PostAsync("/fn/register", content);
        Assert.Equal(400, (int)response.StatusCode);
        var body = JsonElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, body.GetProperty("status").GetInt32());
    }
}
