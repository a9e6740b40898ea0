using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>
/// A reverse proxy on real Kestrel in front of the server. With <see cref="LoseEventAnswers"/> it still forwards every
/// <c>POST /e/{key}</c> — the server commits the events — but answers the caller 502, as a network that drops the
/// answer would: the case where "the first send actually landed" (clerk-svix.md §6 scenario 27).
/// </summary>
public sealed class LossyProxy : IAsyncDisposable
{
    private static readonly HashSet<string> Hop = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Transfer-Encoding", "Content-Length" };
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new();
    private int _lost;

    private LossyProxy(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(http => ForwardAsync(http, target));
    }

    public bool LoseEventAnswers { get; set; }

    /// <summary>How many event API answers were dropped.</summary>
    public int LostAnswers => Volatile.Read(ref _lost);

    public Uri Url { get; private set; } = null!;

    public static async Task<LossyProxy> StartAsync(Uri target)
    {
        var proxy = new LossyProxy(target);
        await proxy._app.StartAsync();
        proxy.Url = new Uri(proxy._app.Urls.First().TrimEnd('/') + "/");
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        _upstream.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ForwardAsync(HttpContext http, Uri target)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), new Uri(target, http.Request.Path + http.Request.QueryString));
        if (body.Length > 0 || HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPut(http.Request.Method))
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in http.Request.Headers)
        {
            if (!Hop.Contains(name) && !request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await _upstream.SendAsync(request);
        var answer = await response.Content.ReadAsByteArrayAsync();
        if (LoseEventAnswers && http.Request.Path.StartsWithSegments("/e"))
        {
            Interlocked.Increment(ref _lost);
            http.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }

        http.Response.StatusCode = (int)response.StatusCode;
        http.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await http.Response.Body.WriteAsync(answer);
    }
}
