using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Steadfast.Protocol.Json;
using Steadfast.Protocol.Signing;

namespace Steadfast.Server.AspNetCore.Sync;

/// <summary>
/// Syncs an app by PUTting its serve URL (reference §2.1/§2.3). Asks for an in-band sync (the SDK answers with its
/// configuration); an SDK that does out-of-band instead calls <c>POST /fn/register</c> before answering.
/// </summary>
internal sealed partial class AppPinger(
    SyncHttpClient http, AppRegistry registry, ServerKeys keys, SteadfastServerOptions options, TimeProvider time, Endpoints.Operations.SyncAttemptLog attempts, ILogger<AppPinger> logger)
{
    private static readonly TimeSpan PutTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Syncs the app at <paramref name="url"/>; every outcome (the -u poller's, discovery's, the dashboard's) is kept for <c>GET /v1/apps/syncs</c>.</summary>
    public async Task<SyncResult> PingAsync(string url, CancellationToken cancellationToken = default)
    {
        var result = await PingOnceAsync(url, cancellationToken).ConfigureAwait(false);
        attempts.Record(new(url, null, time.GetUtcNow().ToUnixTimeMilliseconds(), result));
        return result;
    }

    private async Task<SyncResult> PingOnceAsync(string url, CancellationToken cancellationToken)
    {
        var body = JcsCanonicalizer.Canonicalize(JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["url"] = url }, ServerJsonContext.Default.DictionaryStringString));
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Inngest-Server-Kind", options.ServerKind);
        request.Headers.TryAddWithoutValidation("X-Inngest-Sync-Kind", "in_band");
        if (keys.Primary is { } key)
        {
            request.Headers.TryAddWithoutValidation(RequestSigner.HeaderName, RequestSigner.Sign(body, key, time.GetUtcNow()));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PutTimeout);
        try
        {
            using var response = await http.Client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var content = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            var result = await InterpretAsync(url, response, content, cancellationToken).ConfigureAwait(false);
            if (!result.Ok)
            {
                LogPingFailed(logger, url, result.Error);
            }

            return result;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var error = $"unreachable: {(ex is OperationCanceledException ? "no answer within 10 s" : ex.Message)}";
            LogPingFailed(logger, url, error);
            return new SyncResult(502, false, error, "unreachable");
        }
    }

    private async Task<SyncResult> InterpretAsync(string url, HttpResponseMessage response, byte[] content, CancellationToken cancellationToken)
    {
        if (!response.Headers.Contains("X-Inngest-SDK"))
        {
            return new SyncResult(502, false, $"{url} answered {(int)response.StatusCode} without an X-Inngest-SDK header: not an Inngest SDK endpoint", "not_sdk");
        }

        var inBand = response.Headers.TryGetValues("X-Inngest-Sync-Kind", out var kinds) && kinds.Any(k => k.Equals("in_band", StringComparison.OrdinalIgnoreCase));
        if (!response.IsSuccessStatusCode || !inBand)
        {
            // Out-of-band: the SDK already POSTed /fn/register and relays that reply's status.
            return response.IsSuccessStatusCode
                ? new SyncResult((int)response.StatusCode, true)
                : new SyncResult((int)response.StatusCode, false, $"the app answered {(int)response.StatusCode}: {Message(content)}", "sync_failed");
        }

        try
        {
            var body = JsonElement.Parse(content);
            var reply = body.Deserialize(ProtocolJsonContext.Default.InBandSyncResponse);
            if (reply is null)
            {
                return SyncResult.Invalid("the in-band sync reply is empty", "invalid_response");
            }

            var sdk = reply.Sdk is { Length: > 0 } s ? s : reply.SdkLanguage.Length > 0 ? $"{reply.SdkLanguage}:v{reply.SdkVersion}" : "";
            return await registry.SyncAsync(new AppSync
            {
                AppId = reply.AppId ?? "",
                Url = string.IsNullOrEmpty(reply.Url) ? url : reply.Url,
                Sdk = sdk,
                Framework = reply.Framework ?? "",
                Functions = reply.Functions ?? [],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return SyncResult.Invalid($"the in-band sync reply is not valid JSON: {ex.Message}", "invalid_response");
        }
    }

    private static string Message(byte[] content)
    {
        var text = Encoding.UTF8.GetString(content.AsSpan(0, Math.Min(content.Length, 500)));
        try
        {
            using var doc = JsonDocument.Parse(content);
            if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                (doc.RootElement.TryGetProperty("message", out var m) || doc.RootElement.TryGetProperty("error", out m)) &&
                m.ValueKind == JsonValueKind.String)
            {
                return m.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        return text;
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Could not sync {Url}: {Reason}")]
    private static partial void LogPingFailed(ILogger logger, string url, string? reason);
}
