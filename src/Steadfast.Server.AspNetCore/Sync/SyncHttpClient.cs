namespace Steadfast.Server.AspNetCore.Sync;

/// <summary>The one outbound <see cref="HttpClient"/> for calls to apps (pooled connections, no client-side timeout:
/// each call carries its own cancellation).</summary>
internal sealed class SyncHttpClient : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AllowAutoRedirect = false,
        UseCookies = false,
        MaxConnectionsPerServer = 1024,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public void Dispose() => Client.Dispose();
}
