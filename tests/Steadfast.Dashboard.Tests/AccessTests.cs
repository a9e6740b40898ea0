using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using Steadfast.Server.AspNetCore;

namespace Steadfast.Dashboard.Tests;

public sealed class DevModeAccessTests : IAsyncLifetime
{
    private DashboardHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Dashboard_LoopbackRequest_Served()
    {
        using var response = await _host.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/dashboard/app.js", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Dashboard_ForeignHostHeader_RefusedAgainstDnsRebinding()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/feed");
        request.Headers.Host = "attacker.example";
        using var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task StateChange_CrossOriginWithHeader_Refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = new StringContent("""{"name":"app/x"}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Steadfast-Action", "1");
        request.Headers.Add("Origin", "http://attacker.example");
        using var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await _host.Store.ListEventsAsync(new Engine.Storage.EventQuery { Name = "app/x" }));
    }

    [Fact]
    public async Task StateChange_SameOriginWithHeader_Accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = new StringContent("""{"name":"app/x"}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Steadfast-Action", "1");
        request.Headers.Add("Origin", _host.BaseUrl);
        using var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Single(await _host.Store.ListEventsAsync(new Engine.Storage.EventQuery { Name = "app/x" }));
    }
}

[Collection(BrowserCollection.Name)]
public sealed class StartModeAccessTests(BrowserFixture browser) : DashboardPageTest(browser)
{
    private const string SigningKey = "signkey-prod-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    protected override Action<SteadfastServerOptions>? Configure => o =>
    {
        o.Mode = ServerMode.Start;
        o.SigningKey = SigningKey;
        o.EventKeys.Add("test-key");
    };

    protected override BrowserNewContextOptions ContextOptions => new() { HttpCredentials = new HttpCredentials { Username = "admin", Password = SigningKey } };

    [Fact]
    public async Task StartMode_NoCredential_401WithBasicChallenge()
    {
        using var page = await Host.Client.GetAsync("/");
        using var api = await Host.Client.GetAsync("/v1/feed");
        using var restRuns = await Host.Client.GetAsync("/v1/runs");
        using var restEvents = await Host.Client.GetAsync("/v1/events");

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, restRuns.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, restEvents.StatusCode);
        Assert.Equal("Basic", page.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task StartMode_BearerSigningKeyOrWrongPassword_AcceptedOrRefused()
    {
        using var bearerRuns = new HttpRequestMessage(HttpMethod.Get, "/v1/runs");
        bearerRuns.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SigningKey);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.SendAsync(bearerRuns)).StatusCode);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/v1/functions");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SigningKey);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/v1/functions");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:nope")));

        Assert.Equal(HttpStatusCode.OK, (await Host.Client.SendAsync(bearer)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.Client.SendAsync(wrong)).StatusCode);
    }

    [Fact]
    public async Task StartMode_BrowserWithBasicCredential_UsesDashboardLive()
    {
        await OpenAsync("#/stream");
        var eventId = await Host.SendEventAsync("app/greet", new { name = "Prod" });
        var row = Page.Locator($"[data-testid=event-row][data-event-id='{eventId}']");
        await Assertions.Expect(row.GetByTestId("status")).ToHaveTextAsync("Completed");
        await Page.GotoAsync("/#/functions");
        await Assertions.Expect(Page.GetByTestId("function-row")).ToHaveCountAsync(3);
    }
}
