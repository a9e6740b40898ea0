using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Steadfast.Clerk.Svix;

namespace Steadfast.Clerk.AspNetCore;

/// <summary>Transforms and commits one delivery whose body was read (and, when the endpoint verifies, whose signature verified).</summary>
/// <param name="http">The request.</param>
/// <param name="body">The exact body bytes; valid only until the returned task completes.</param>
/// <param name="messageId">The verified <c>svix-id</c> / <c>webhook-id</c>; null when the endpoint does not verify signatures.</param>
internal delegate ValueTask<WebhookResult> WebhookProcessor(HttpContext http, ReadOnlyMemory<byte> body, string? messageId);

/// <summary>
/// What every webhook endpoint does around its transform and commit, shared by the application endpoint
/// (<c>MapClerkWebhook</c>) and the server's webhook sources: 413 before reading when the declared length is over the
/// limit, a bounded read (413), Svix verification when configured (401 with the reason), then the processor; every
/// outcome is counted, every rejection logged with its reason and kept in the <see cref="WebhookDeliveryLog"/>, and the
/// answer written (a 2xx only for what the processor committed). Thread-safe.
/// </summary>
internal sealed class WebhookReceiver
{
    private static readonly string[] SignatureHeaderNames =
    [
        SvixHeaderNames.SvixId, SvixHeaderNames.SvixTimestamp, SvixHeaderNames.SvixSignature,
        SvixHeaderNames.WebhookId, SvixHeaderNames.WebhookTimestamp, SvixHeaderNames.WebhookSignature,
    ];

    private readonly SvixSignatureVerifier? _verifier;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <param name="endpoint">The name in logs (the source name, or <c>clerk</c> for the application endpoint).</param>
    /// <param name="maxBodyBytes">The largest accepted body.</param>
    /// <param name="verifier">Verifies Svix signatures; null for an endpoint that does not (its transform may).</param>
    /// <param name="deliveries">Where outcomes are counted and rejections kept.</param>
    /// <param name="logger">The log.</param>
    /// <param name="time">The clock of the delivery log.</param>
    public WebhookReceiver(string endpoint, int maxBodyBytes, SvixSignatureVerifier? verifier, WebhookDeliveryLog deliveries, ILogger logger, TimeProvider time)
    {
        Endpoint = endpoint;
        MaxBodyBytes = maxBodyBytes;
        _verifier = verifier;
        Deliveries = deliveries;
        _logger = logger;
        _time = time;
    }

    public string Endpoint { get; }

    public int MaxBodyBytes { get; }

    public WebhookDeliveryLog Deliveries { get; }

    public async Task ReceiveAsync(HttpContext http, WebhookProcessor process)
    {
        var request = http.Request;
        try
        {
            if (request.ContentLength > MaxBodyBytes)
            {
                await CompleteAsync(http, UnverifiedId(request), TooLarge()).ConfigureAwait(false);
                return;
            }

            using var body = await WebhookBody.ReadAsync(request, MaxBodyBytes, http.RequestAborted).ConfigureAwait(false);
            if (body.IsTooLarge)
            {
                await CompleteAsync(http, UnverifiedId(request), TooLarge()).ConfigureAwait(false);
                return;
            }

            string? messageId = null;
            if (_verifier is not null)
            {
                var headers = ReadSignatureHeaders(request.Headers);
                var verification = _verifier.Verify(body.Memory.Span, headers);
                if (!verification.IsValid)
                {
                    var outcome = verification.Failure == WebhookVerificationFailure.BodyTooLarge ? WebhookDeliveryOutcome.TooLarge : WebhookDeliveryOutcome.Unauthorized;
                    var rejection = WebhookResult.Rejected(outcome, outcome == WebhookDeliveryOutcome.TooLarge ? 413 : 401, verification.Failure.ToString(), verification.Message);
                    await CompleteAsync(http, verification.MessageId ?? headers.GetSingle(SvixHeaderNames.SvixId), rejection).ConfigureAwait(false);
                    return;
                }

                messageId = verification.MessageId;
            }

            var result = await process(http, body.Memory, messageId).ConfigureAwait(false);
            await CompleteAsync(http, messageId ?? UnverifiedId(request), result).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The sender hung up; it counts the attempt as failed and retries with the same message id.
        }
    }

    private WebhookResult TooLarge() =>
        WebhookResult.Rejected(WebhookDeliveryOutcome.TooLarge, 413, nameof(WebhookVerificationFailure.BodyTooLarge), $"The body is larger than {MaxBodyBytes} bytes.");

    private async Task CompleteAsync(HttpContext http, string? svixId, WebhookResult result)
    {
        Deliveries.Record(new WebhookDelivery(_time.GetUtcNow(), svixId, result.Outcome, result.Status, result.Reason, result.Message));
        switch (result.Outcome)
        {
            case WebhookDeliveryOutcome.Accepted:
                WebhookLog.Accepted(_logger, Endpoint, svixId, result.Message, result.Ids.Count, result.Ids.Count > 0 ? result.Ids[0] : "-");
                break;
            case WebhookDeliveryOutcome.Filtered:
                WebhookLog.Filtered(_logger, Endpoint, svixId, result.Message);
                break;
            case WebhookDeliveryOutcome.Failed when result.Exception is not null:
                WebhookLog.CommitFailed(_logger, result.Exception, Endpoint, svixId);
                break;
            default:
                WebhookLog.Rejected(_logger, Endpoint, result.Status, result.Reason ?? "", result.Message, svixId);
                break;
        }

        if (result.Status == 200)
        {
            var name = result.Ids.Count == 1 ? result.Names[0] : null;
            await WriteAsync(http, 200, new WebhookAcceptedBody(result.Ids, name, result.Filtered, 200), WebhookJsonContext.Default.WebhookAcceptedBody).ConfigureAwait(false);
        }
        else
        {
            await WriteRejectionAsync(http, result.Status, result.Reason ?? "", result.Message).ConfigureAwait(false);
        }
    }

    /// <summary>Answers a request that never reached an endpoint's pipeline (e.g. 404 for an unknown source) in the same shape as a rejection.</summary>
    public static Task WriteRejectionAsync(HttpContext http, int status, string reason, string message) =>
        WriteAsync(http, status, new WebhookRejectedBody(message, reason, status), WebhookJsonContext.Default.WebhookRejectedBody);

    private static async Task WriteAsync<T>(HttpContext http, int status, T body, JsonTypeInfo<T> type)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, type);
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The message id header as sent, for the log of a delivery that was not (or not yet) verified.</summary>
    private static string? UnverifiedId(HttpRequest request)
    {
        var headers = request.Headers;
        var id = headers[SvixHeaderNames.SvixId];
        if (id.Count == 0)
        {
            id = headers[SvixHeaderNames.WebhookId];
        }

        return id.Count == 1 && id[0] is { Length: > 0 and <= 256 } value ? value : null;
    }

    private static WebhookHeaders ReadSignatureHeaders(IHeaderDictionary source)
    {
        var headers = new WebhookHeaders();
        foreach (var name in SignatureHeaderNames)
        {
            if (source.TryGetValue(name, out var values))
            {
                // Every line is kept: two svix-signature lines are a DuplicateHeader failure, never comma-joined.
                foreach (var value in values)
                {
                    headers.Add(name, value);
                }
            }
        }

        return headers;
    }
}
