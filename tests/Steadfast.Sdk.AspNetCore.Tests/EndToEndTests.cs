using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ServeEndpoint;
using Steadfast.Protocol.Events;
using Steadfast.Protocol.Signing;
using Steadfast.Sdk.AspNetCore.Tests.Support;
using Steadfast.Server.AspNetCore;

namespace Steadfast.Sdk.AspNetCore.Tests;

/// <summary>
/// The sample app served by MapSteadfast, driven by the real Steadfast server over loopback HTTP: sync, an event, a
/// run of three steps around a one-second durable sleep, and the follow-up run its sendEvent step triggers.
/// </summary>
public sealed class EndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task DevServer_OutOfBandSync_RunsThreeStepsWithSleepAndFollowUp()
    {
        await using var server = await EmbeddedServer.StartAsync();
        await using var app = await StartSampleAsync(o =>
        {
            o.Dev = true;
            o.BaseUrl = server.Root;
        });

        using var sync = await app.Client.PutAsync("api/inngest", null);
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        Assert.True((await Assertions.JsonAsync(sync)).GetProperty("modified").GetBoolean());

        using var again = await app.Client.PutAsync("api/inngest", null);
        Assert.False((await Assertions.JsonAsync(again)).GetProperty("modified").GetBoolean());

        await SignupAndAssertRunsAsync(server, app);
    }

    [Fact]
    public async Task SelfHostedServer_InBandSyncAndSignedCalls_RunsThreeStepsWithSleepAndFollowUp()
    {
        await using var server = await EmbeddedServer.StartAsync(o =>
        {
            o.Mode = ServerMode.Start;
            o.SigningKey = Keys.Primary;
            o.EventKeys.Add(Keys.EventKey);
        });
        await using var app = await StartSampleAsync(o =>
        {
            o.Dev = false;
            o.BaseUrl = server.Root;
            o.SigningKey = Keys.Primary;
            o.EventKey = Keys.EventKey;
        });

        // In start mode the REST API needs the signing key (here as the SDKs' hashed bearer), like Inngest's.
        server.Client.DefaultRequestHeaders.Authorization = new("Bearer", SigningKey.Parse(Keys.Primary).HashedBearer());

        // In-band: the server PUTs the app with a signed {"url"} and reads the config from the answer.
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/apps") { Content = JsonContent.Create(new { url = app.Endpoint.ToString() }) };
        request.Headers.Authorization = new("Bearer", SigningKey.Parse(Keys.Primary).HashedBearer());
        using var sync = await server.Client.SendAsync(request);
        Assert.True(sync.IsSuccessStatusCode, await sync.Content.ReadAsStringAsync());

        await SignupAndAssertRunsAsync(server, app);
    }

    private static async Task SignupAndAssertRunsAsync(EmbeddedServer server, SampleApp app)
    {
        var sender = app.Services.GetRequiredService<IEventSender>();
        var ids = await sender.SendAsync([new EventPayload { Name = SampleFunctions.SignupEvent, Data = JsonSerializer.SerializeToElement(new { email = "ada@example.com" }) }]);
        Assert.Single(ids);

        var runs = await server.WaitForRunsAsync(2, Timeout);

        var onboarding = Assert.Single(runs, r => r.GetProperty("function_id").GetString() == "serve-sample-onboarding");
        var celebrate = Assert.Single(runs, r => r.GetProperty("function_id").GetString() == "serve-sample-celebrate");
        Assert.Equal("Completed", onboarding.GetProperty("status").GetString());
        Assert.Equal("Welcome mail sent to ada@example.com", onboarding.GetProperty("output").GetProperty("welcome").GetString());
        Assert.StartsWith("acct-", onboarding.GetProperty("output").GetProperty("account").GetString(), StringComparison.Ordinal);
        Assert.Equal("Completed", celebrate.GetProperty("status").GetString());
        Assert.Equal("ada@example.com is on board", celebrate.GetProperty("output").GetProperty("message").GetString());

        // The run slept durably: never early, and its history holds the sleep.
        var took = onboarding.GetProperty("ended_at").GetDateTimeOffset() - onboarding.GetProperty("run_started_at").GetDateTimeOffset();
        Assert.True(took >= TimeSpan.FromSeconds(1), $"the run took {took}, shorter than its sleep");
        var runId = onboarding.GetProperty("run_id").GetString();
        var history = await server.Client.GetStringAsync($"v1/runs/{runId}/history");
        Assert.Contains("wait-before-welcome", history, StringComparison.Ordinal);
    }

    private static async Task<SampleApp> StartSampleAsync(Action<SteadfastServeOptions> configure)
    {
        var builder = LoopbackHost.CreateBuilder();
        builder.Services.AddSteadfast(o => o.AppId = SampleFunctions.AppId)
            .AddSampleFunctions(TimeSpan.FromSeconds(1))
            .AddServeEndpoint(configure);
        var app = builder.Build();
        app.MapSteadfast("/api/inngest");
        var root = await LoopbackHost.StartAsync(app);
        return new SampleApp(app, root);
    }

    private sealed class SampleApp(WebApplication app, Uri root) : IAsyncDisposable
    {
        public HttpClient Client { get; } = new() { BaseAddress = root };

        public Uri Endpoint { get; } = new(root, "api/inngest");

        public IServiceProvider Services => app.Services;

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
