using Microsoft.AspNetCore.Hosting.Server;

namespace ClerkUserSync.Hosting;

/// <summary>
/// With an external server: once Kestrel listens, syncs the functions by asking our own serve endpoint to register
/// (<c>PUT /api/inngest</c>, what <c>curl -X PUT</c> does for the official SDKs). The endpoint posts the function
/// configs to the server's <c>/fn/register</c> with the URL the server is to call, taken from this request (loopback)
/// unless <c>INNGEST_SERVE_ORIGIN</c> says otherwise. A refused sync fails start-up: an app whose functions the server
/// does not know would accept webhooks that trigger nothing.
/// </summary>
internal sealed class ServerRegistration(IServer server, ClerkUserSyncOptions options, IHttpClientFactory clients, ILogger<ServerRegistration> logger) : IHostedLifecycleService
{
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var serveUrl = new Uri(ClerkUserSyncApp.BaseAddress(server), ClerkUserSyncApp.ServePath);
        using var client = clients.CreateClient(nameof(ServerRegistration));
        using var response = await client.PutAsync(serveUrl, content: null, cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"Could not sync the functions at {serveUrl} with the Steadfast server at {options.ServerUrl} ({(int)response.StatusCode}: {answer}). Is `steadfast dev` running there?");
        }

        HostingLog.Synced(logger, serveUrl, options.ServerUrl!);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
