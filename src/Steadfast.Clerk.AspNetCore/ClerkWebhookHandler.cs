using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Steadfast.Clerk.Events;
using Steadfast.Clerk.Svix;
using Steadfast.Protocol.Events;
using Steadfast.Sdk;

namespace Steadfast.Clerk.AspNetCore;

/// <summary>
/// Handles one Clerk delivery: bounded read, verify, map, commit through <see cref="IEventSender"/>, answer. A 2xx
/// means the event is committed; every rejection is logged and recorded with its reason.
/// </summary>
internal sealed class ClerkWebhookHandler
{
    private static readonly string[] HeaderNames =
    [
        SvixHeaderNames.SvixId, SvixHeaderNames.SvixTimestamp, SvixHeaderNames.SvixSignature,
        SvixHeaderNames.WebhookId, SvixHeaderNames.WebhookTimestamp, SvixHeaderNames.WebhookSignature,
    ];

    private readonly SvixSignatureVerifier _verifier;
    private readonly ClerkEventMapper _mapper;
    private readonly IEventSender _sender;
    private readonly WebhookDeliveryLog _deliveries;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _maxBodyBytes;

    public ClerkWebhookHandler(
        IOptions<ClerkWebhookOptions> options, IEventSender sender, WebhookDeliveryLog deliveries, ILogger<ClerkWebhookHandler> logger, TimeProvider time)
    {
        var o = options.Value;
        var secrets = new List<string> { o.SigningSecret! };
        secrets.AddRange(o.PreviousSigningSecrets);
        _verifier = new SvixSignatureVerifier(secrets, new SvixVerificationOptions { MaxBodyBytes = o.MaxBodyBytes, Tolerance = o.Tolerance }, time);
        _mapper = new ClerkEventMapper(time);
        _sender = sender;
        _deliveries = deliveries;
        _logger = logger;
        _time = time;
        _maxBodyBytes = o.MaxBodyBytes;
    }

    public async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.ContentLength > _maxBodyBytes)
        {
            await RejectAsync(http, null, WebhookDeliveryOutcome.TooLarge, 413, "BodyTooLarge", $"The body is larger than {_maxBodyBytes} bytes.");
            return;
        }

        var (buffer, length) = await ReadBodyAsync(request, http.RequestAborted);
        try
        {
            if (length > _maxBodyBytes)
            {
                await RejectAsync(http, null, WebhookDeliveryOutcome.TooLarge, 413, "BodyTooLarge", $"The body is larger than {_maxBodyBytes} bytes.");
                return;
            }

            await ProcessAsync(http, buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ProcessAsync(HttpContext http, ReadOnlyMemory<byte> body)
    {
        var headers = ReadHeaders(http.Request.Headers);
        var verification = _verifier.Verify(body.Span, headers);
        if (!verification.IsValid)
        {
            var (outcome, status) = verification.Failure == WebhookVerificationFailure.BodyTooLarge
                ? (WebhookDeliveryOutcome.TooLarge, 413)
                : (WebhookDeliveryOutcome.Unauthorized, 401);
            await RejectAsync(http, verification.MessageId ?? headers.GetSingle(SvixHeaderNames.SvixId), outcome, status, verification.Failure.ToString(), verification.Message);
            return;
        }

        var svixId = verification.MessageId!;
        if (!_mapper.TryMap(body, svixId, out var mapped, out var error))
        {
            await RejectAsync(http, svixId, WebhookDeliveryOutcome.Malformed, 400, error.Error.ToString(), error.Message);
            return;
        }

        if (mapped.TimestampCorrection != ClerkTimestampCorrection.None)
        {
            ClerkWebhookLog.TimestampCorrected(_logger, svixId, mapped.TimestampCorrection);
        }

        IReadOnlyList<string> ids;
        try
        {
            ids = await _sender.SendAsync([new EventPayload { Name = mapped.Name, Data = mapped.Data, Id = mapped.Id, Ts = mapped.Ts }], http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The sender hung up; Svix counts this attempt as failed and retries with the same svix-id.
            return;
        }
        catch (Exception exception)
        {
            ClerkWebhookLog.CommitFailed(_logger, exception, svixId);
            await RejectAsync(http, svixId, WebhookDeliveryOutcome.Failed, 500, "CommitFailed", "The event could not be committed; retry later.");
            return;
        }

        ClerkWebhookLog.Accepted(_logger, svixId, mapped.Name, ids[0]);
        _deliveries.Record(new WebhookDelivery(_time.GetUtcNow(), svixId, WebhookDeliveryOutcome.Accepted, 200, null, mapped.Name));
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, new ClerkWebhookAccepted(ids, mapped.Name, 200), ClerkWebhookJsonContext.Default.ClerkWebhookAccepted);
    }

    private async Task RejectAsync(HttpContext http, string? svixId, WebhookDeliveryOutcome outcome, int status, string reason, string message)
    {
        ClerkWebhookLog.Rejected(_logger, status, reason, message, svixId);
        _deliveries.Record(new WebhookDelivery(_time.GetUtcNow(), svixId, outcome, status, reason, message));
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, new ClerkWebhookRejected(message, reason, status), ClerkWebhookJsonContext.Default.ClerkWebhookRejected);
    }

    private static WebhookHeaders ReadHeaders(IHeaderDictionary source)
    {
        var headers = new WebhookHeaders();
        foreach (var name in HeaderNames)
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

    /// <summary>Reads at most one byte more than the limit, so an oversized body is detected without buffering it.</summary>
    private async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = _maxBodyBytes + 1;
        var initial = request.ContentLength is long declared ? (int)Math.Min(declared + 1, limit) : Math.Min(16 * 1024, limit);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 1));
        var total = 0;
        while (total < limit)
        {
            if (total == buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit));
                buffer.AsSpan(0, total).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length, limit) - total), cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return (buffer, total);
    }
}
