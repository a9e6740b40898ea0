using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steadfast.Engine.Functions;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Calls;

namespace Steadfast.Engine.Tests;

/// <summary>
/// <c>step.fetch</c> (Gateway op): the server performs the request and the function sees the response, as Inngest's
/// server does. Driven by a function handler that speaks the opcode protocol directly, like a remote SDK.
/// </summary>
public sealed class GatewayTests
{
    private sealed class FetchingFunction(string url) : IFunctionCallHandler
    {
        public List<CallRequest> Calls { get; } = [];

        public ValueTask<CallResponse> CallAsync(string functionId, string stepId, CallRequest request, CancellationToken cancellationToken = default)
        {
            lock (Calls)
            {
                Calls.Add(request);
            }

            if (request.Steps.TryGetValue("fetch-hash", out var memo))
            {
                return ValueTask.FromResult(CallResponse.Completed(memo));
            }

            var opts = JsonSerializer.SerializeToElement(new { url, method = "POST", headers = new Dictionary<string, string> { ["x-test"] = "yes" }, body = "ping" });
            return ValueTask.FromResult(CallResponse.WithOps([new Opcode { Op = OpcodeNames.Gateway, Id = "fetch-hash", Name = "fetch", Opts = opts }]));
        }
    }

    [Fact]
    public async Task GatewayOp_ServerPerformsRequest_FunctionGetsResponse()
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var upstream = builder.Build();
        upstream.MapPost("/echo", async (HttpRequest r) =>
        {
            using var reader = new StreamReader(r.Body);
            return Results.Json(new { got = await reader.ReadToEndAsync(), header = r.Headers["x-test"].ToString() });
        });
        await upstream.StartAsync();

        await using var engine = await TestEngine.StartAsync(_ => { });
        var fn = new FetchingFunction($"http://127.0.0.1:{port}/echo");
        engine.Catalog.SetApp("remote", [new EngineFunction { Id = "remote-fetcher", Name = "fetcher", AppId = "remote", Handler = fn, Triggers = [new EngineTrigger("app/fetch")] }]);

        var eventId = await engine.SendAsync("app/fetch");
        var runId = Assert.Single(await engine.Store.ListRunsAsync(new RunQuery { EventId = eventId })).RunId;
        var run = await engine.WaitForEndAsync(runId);

        Assert.Equal(RunStatus.Completed, run.Status);
        using var output = JsonDocument.Parse(run.Output!);
        var data = output.RootElement.GetProperty("data");
        Assert.Equal(200, data.GetProperty("status_code").GetInt32());
        Assert.Equal($"http://127.0.0.1:{port}/echo", data.GetProperty("url").GetString());
        using var body = JsonDocument.Parse(data.GetProperty("body").GetString()!);
        Assert.Equal("ping", body.RootElement.GetProperty("got").GetString());
        Assert.Equal("yes", body.RootElement.GetProperty("header").GetString());
        Assert.Contains("application/json", data.GetProperty("headers").GetProperty("content-type").GetString());
    }

    [Fact]
    public async Task GatewayOp_UnreachableUrl_RetriedThenStepErrorMemoized()
    {
        await using var engine = await TestEngine.StartAsync(_ => { });
        var fn = new FetchingFunction($"http://127.0.0.1:{FreePort()}/nothing-listens");
        engine.Catalog.SetApp("remote", [new EngineFunction { Id = "remote-fetcher", Name = "fetcher", AppId = "remote", Retries = 1, Handler = fn, Triggers = [new EngineTrigger("app/fetch")] }]);

        var eventId = await engine.SendAsync("app/fetch");
        var runId = Assert.Single(await engine.Store.ListRunsAsync(new RunQuery { EventId = eventId })).RunId;
        var run = await engine.WaitForEndAsync(runId);

        // Attempt 0 fails and is retried; on the last attempt the error is memoized and handed to the function,
        // which (in this fake) returns the memo as its output.
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Contains("FetchError", run.Output);
        Assert.Contains(await engine.Store.GetHistoryAsync(runId), h => h.Type == HistoryTypes.StepErrored);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
