using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Steadfast.Server.Tests.Support;

/// <summary>A recorded call from the server.</summary>
public sealed record RecordedCall(string Method, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public JsonElement Json => JsonElement.Parse(Body);

    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}

/// <summary>
/// A fake SDK serve endpoint (minimal API on a free loopback port) that answers each POST call with a scripted response
/// and records what the server sent.
/// </summary>
public sealed class FakeSdk : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedCall> _calls = new();

    private FakeSdk(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The serve URL, <c>http://localhost:port/api/inngest</c>.</summary>
    public string Url { get; }

    public IReadOnlyList<RecordedCall> Calls => [.. _calls];

    /// <summary>Answers each POST; the argument is the 0-based index of the call.</summary>
    public Func<int, RecordedCall, HttpContext, Task> OnCall { get; set; } = (_, _, http) => Reply(http, 200, "null");

    /// <summary>Answers PUTs (sync).</summary>
    public Func<RecordedCall, HttpContext, Task> OnPut { get; set; } = (_, http) => Reply(http, 200, "{}");

    public static async Task<FakeSdk> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeSdk? self = null;
        app.Map("/api/inngest", async http =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var call = new RecordedCall(
                http.Request.Method,
                http.Request.QueryString.Value ?? "",
                http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                buffer.ToArray());
            if (http.Request.Method == "PUT")
            {
                await self!.OnPut(call, http);
                return;
            }

            if (http.Request.Method == "GET")
            {
                await Reply(http, 200, """{"function_count":1,"mode":"dev"}""");
                return;
            }

            var index = self!._calls.Count;
            self._calls.Enqueue(call);
            await self.OnCall(index, call, http);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeSdk(app, address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/api/inngest");
        return self;
    }

    /// <summary>Writes an SDK-like response (with <c>X-Inngest-SDK</c> unless <paramref name="sdkHeader"/> is false).</summary>
    public static async Task Reply(HttpContext http, int status, string body, bool sdkHeader = true, IDictionary<string, string>? headers = null)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        if (sdkHeader)
        {
            http.Response.Headers["X-Inngest-SDK"] = "fake:v1.0.0";
            http.Response.Headers["x-inngest-req-version"] = "2";
        }

        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
        {
            http.Response.Headers[k] = v;
        }

        await http.Response.WriteAsync(body);
    }

    /// <summary>A register body for this SDK with the given functions (id suffix → trigger event).</summary>
    public object RegisterBody(string appName, params (string Id, string Event)[] functions) => RegisterBody(appName, functions.Select(f => Function(appName, f.Id, f.Event)).ToArray());

    public object RegisterBody(string appName, object[] functions) => new
    {
        url = Url,
        deployType = "ping",
        framework = "fake",
        appName,
        functions,
        sdk = "js:v4.24.0",
        v = "0.1",
    };

    public Dictionary<string, object?> Function(string appName, string id, string @event, int? retries = null, string? expression = null, string? cron = null)
    {
        var fnId = $"{appName}-{id}";
        var step = new Dictionary<string, object?>
        {
            ["id"] = "step",
            ["name"] = "step",
            ["runtime"] = new { type = "http", url = $"{Url}?fnId={fnId}&stepId=step" },
        };
        if (retries is { } r)
        {
            step["retries"] = new { attempts = r };
        }

        object trigger = cron is not null ? new { cron } : expression is not null ? new { @event, expression } : new { @event };
        return new Dictionary<string, object?>
        {
            ["id"] = fnId,
            ["name"] = id,
            ["triggers"] = new[] { trigger },
            ["steps"] = new Dictionary<string, object?> { ["step"] = step },
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
