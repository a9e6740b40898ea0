using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Steadfast.Sdk.AspNetCore.Tests.Support;

/// <summary>A request the fake server received.</summary>
internal sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;

    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>A scripted answer: status and JSON body.</summary>
internal sealed record ScriptedReply(int Status, string Body);

/// <summary>
/// A tiny stand-in for the server's API on loopback: <c>/fn/register</c>, <c>/v0/runs/{id}/batch|actions</c> and
/// <c>/e/{key}</c>. It records every request and answers from per-path scripts (default: success).
/// </summary>
internal sealed class FakeInngestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedReply>> _scripts = new();

    private FakeInngestServer(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
    }

    public Uri Root { get; }

    public Channel<ReceivedRequest> Received { get; } = Channel.CreateUnbounded<ReceivedRequest>();

    public string BatchJson { get; set; } = "[]";

    public string ActionsJson { get; set; } = "{}";

    public static async Task<FakeInngestServer> StartAsync()
    {
        var builder = LoopbackHost.CreateBuilder();
        var app = builder.Build();
        FakeInngestServer? self = null;
        app.Run(async http =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            var path = http.Request.Path.Value ?? "";
            var received = new ReceivedRequest(http.Request.Method, path + http.Request.QueryString, headers, buffer.ToArray());
            await self!.Received.Writer.WriteAsync(received);
            var reply = self.Next(path);
            http.Response.StatusCode = reply.Status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(reply.Body);
        });
        var root = await LoopbackHost.StartAsync(app);
        self = new FakeInngestServer(app, root);
        return self;
    }

    /// <summary>Queues answers for requests whose path starts with <paramref name="pathPrefix"/>, used once each in order.</summary>
    public void Script(string pathPrefix, params ScriptedReply[] replies)
    {
        var queue = _scripts.GetOrAdd(pathPrefix, _ => new ConcurrentQueue<ScriptedReply>());
        foreach (var r in replies)
        {
            queue.Enqueue(r);
        }
    }

    public async Task<ReceivedRequest> NextAsync(string pathPrefix)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var r = await Received.Reader.ReadAsync(timeout.Token);
            if (r.PathAndQuery.StartsWith(pathPrefix, StringComparison.Ordinal))
            {
                return r;
            }
        }
    }

    private ScriptedReply Next(string path)
    {
        foreach (var (prefix, queue) in _scripts)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && queue.TryDequeue(out var reply))
            {
                return reply;
            }
        }

        if (path == "/fn/register")
        {
            return new ScriptedReply(200, """{"ok":true,"modified":true,"app_id":"00000000-0000-0000-0000-000000000001","sync_id":"00000000-0000-0000-0000-000000000002"}""");
        }

        if (path.StartsWith("/e/", StringComparison.Ordinal))
        {
            return new ScriptedReply(200, """{"ids":["01JEVTFAKE0000000000000001"],"status":200}""");
        }

        if (path.EndsWith("/batch", StringComparison.Ordinal))
        {
            return new ScriptedReply(200, BatchJson);
        }

        if (path.EndsWith("/actions", StringComparison.Ordinal))
        {
            return new ScriptedReply(200, ActionsJson);
        }

        return new ScriptedReply(404, """{"error":"not found","status":404}""");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
