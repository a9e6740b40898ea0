using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Steadfast.Sdk;

namespace Steadfast.Sdk.AspNetCore.Tests.Support;

/// <summary>An ASP.NET Core app serving the test functions at <c>/api/inngest</c> over loopback.</summary>
internal sealed class ServeApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServeApp(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
        Endpoint = new Uri(root, "api/inngest");
        Client = new HttpClient { BaseAddress = root };
    }

    public Uri Root { get; }

    public Uri Endpoint { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<ServeApp> DevAsync(Uri? server = null, Action<SteadfastServeOptions>? more = null) =>
        StartAsync(o =>
        {
            o.Dev = true;
            o.BaseUrl = server ?? new Uri("http://127.0.0.1:9");
            more?.Invoke(o);
        });

    public static Task<ServeApp> CloudAsync(Uri? server = null, Action<SteadfastServeOptions>? more = null) =>
        StartAsync(o =>
        {
            o.Dev = false;
            o.BaseUrl = server ?? new Uri("http://127.0.0.1:9");
            o.SigningKey = Keys.Primary;
            o.SigningKeyFallback = Keys.Fallback;
            o.EventKey = Keys.EventKey;
            more?.Invoke(o);
        });

    public static async Task<ServeApp> StartAsync(Action<SteadfastServeOptions> configure, Action<SteadfastBuilder>? functions = null)
    {
        var builder = LoopbackHost.CreateBuilder();
        var sf = builder.Services.AddSteadfast(o => o.AppId = TestFunctions.AppId);
        (functions ?? TestFunctions.AddAll)(sf);
        sf.AddServeEndpoint(configure);
        var app = builder.Build();
        app.MapSteadfast("/api/inngest");
        var root = await LoopbackHost.StartAsync(app);
        return new ServeApp(app, root);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string query = "", byte[]? body = null, string? signature = null, Action<HttpRequestMessage>? more = null)
    {
        var request = new HttpRequestMessage(method, "api/inngest" + query);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Inngest-Signature", signature);
        }

        more?.Invoke(request);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> CallAsync(string fnId, byte[] body, string stepId = "step", string? signature = null, Action<HttpRequestMessage>? more = null) =>
        SendAsync(HttpMethod.Post, $"?fnId={fnId}&stepId={stepId}", body, signature, more);

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
