using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Steadfast.Server.AspNetCore.Sync;

/// <summary>
/// Syncs the <c>-u/--sdk-url</c> apps at start and every poll interval until they are synced, and in dev mode
/// discovers apps on the usual local ports (reference §2.4) until one is synced.
/// </summary>
internal sealed partial class AppPollingService(AppPinger pinger, AppRegistry registry, SyncHttpClient http, SteadfastServerOptions options, TimeProvider time, ILogger<AppPollingService> logger) : BackgroundService
{
    private static readonly int[] Ports = [80, 443, 3000, 3001, 3002, 3003, 3004, 3005, 3006, 3007, 3008, 3009, 3010, 4321, 5000, 5173, 8000, 8080, 8081, 8888, 8910, 8911, 8912, 8913, 8914, 8915, 8787];
    private static readonly string[] Paths = ["/api/inngest", "/x/inngest", "/.netlify/functions/inngest", "/.redwood/functions/inngest"];
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var discover = options.Discovery && options.Mode == ServerMode.Dev;
        if (options.SdkUrls.Count == 0 && !discover)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.PollInterval, time);
        do
        {
            try
            {
                await PollOnceAsync(discover, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPollFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal async Task PollOnceAsync(bool discover, CancellationToken cancellationToken)
    {
        foreach (var url in options.SdkUrls)
        {
            if (!registry.IsSynced(url))
            {
                await pinger.PingAsync(url, cancellationToken).ConfigureAwait(false);
            }
        }

        if (discover && registry.Apps.Count == 0)
        {
            foreach (var url in await DiscoverAsync(cancellationToken).ConfigureAwait(false))
            {
                LogDiscovered(logger, url);
                await pinger.PingAsync(url, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<IReadOnlyList<string>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var ports = Ports.ToList();
        if (int.TryParse(Environment.GetEnvironmentVariable("PORT"), out var envPort) && !ports.Contains(envPort))
        {
            ports.Add(envPort);
        }

        var open = await Task.WhenAll(ports.Select(async p => (Port: p, Open: await IsOpenAsync(p, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        var found = new List<string>();
        foreach (var (port, isOpen) in open)
        {
            if (!isOpen)
            {
                continue;
            }

            foreach (var path in Paths)
            {
                var url = $"http://localhost:{port}{path}";
                if (await IsSdkAsync(url, cancellationToken).ConfigureAwait(false))
                {
                    found.Add(url);
                    break;
                }
            }
        }

        return found;
    }

    private static async Task<bool> IsOpenAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<bool> IsSdkAsync(string url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var response = await http.Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return response.Headers.Contains("X-Inngest-SDK");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Discovered an SDK at {Url}")]
    private static partial void LogDiscovered(ILogger logger, string url);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "App polling failed")]
    private static partial void LogPollFailed(ILogger logger, Exception ex);
}
