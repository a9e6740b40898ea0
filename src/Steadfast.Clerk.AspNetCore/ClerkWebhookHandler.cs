using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Steadfast.Clerk.Events;
using Steadfast.Clerk.Svix;
using Steadfast.Protocol.Events;
using Steadfast.Sdk;

namespace Steadfast.Clerk.AspNetCore;

/// <summary>
/// Handles one Clerk delivery of the application endpoint: the shared <see cref="WebhookReceiver"/> reads and verifies
/// it, then this maps it and commits it through <see cref="IEventSender"/>. A 2xx means the event is committed; every
/// rejection is logged and recorded with its reason.
/// </summary>
internal sealed class ClerkWebhookHandler
{
    private const string EndpointName = "clerk";

    private readonly WebhookReceiver _receiver;
    private readonly WebhookProcessor _process;
    private readonly ClerkEventMapper _mapper;
    private readonly IEventSender _sender;
    private readonly ILogger _logger;

    public ClerkWebhookHandler(
        IOptions<ClerkWebhookOptions> options, IEventSender sender, WebhookDeliveryLog deliveries, ILogger<ClerkWebhookHandler> logger, TimeProvider time)
    {
        var o = options.Value;
        var secrets = new List<string> { o.SigningSecret! };
        secrets.AddRange(o.PreviousSigningSecrets);
        var verifier = new SvixSignatureVerifier(secrets, new SvixVerificationOptions { MaxBodyBytes = o.MaxBodyBytes, Tolerance = o.Tolerance }, time);
        _receiver = new WebhookReceiver(EndpointName, o.MaxBodyBytes, verifier, deliveries, logger, time);
        _process = ProcessAsync;
        _mapper = new ClerkEventMapper(time);
        _sender = sender;
        _logger = logger;
    }

    public Task HandleAsync(HttpContext http) => _receiver.ReceiveAsync(http, _process);

    private async ValueTask<WebhookResult> ProcessAsync(HttpContext http, ReadOnlyMemory<byte> body, string? messageId)
    {
        var svixId = messageId!;
        if (!_mapper.TryMap(body, svixId, out var mapped, out var error))
        {
            return WebhookResult.Rejected(WebhookDeliveryOutcome.Malformed, 400, error.Error.ToString(), error.Message);
        }

        if (mapped.TimestampCorrection != ClerkTimestampCorrection.None)
        {
            WebhookLog.TimestampCorrected(_logger, EndpointName, svixId, mapped.TimestampCorrection);
        }

        try
        {
            var ids = await _sender.SendAsync([new EventPayload { Name = mapped.Name, Data = mapped.Data, Id = mapped.Id, Ts = mapped.Ts }], http.RequestAborted).ConfigureAwait(false);
            return WebhookResult.Accepted(ids, [mapped.Name]);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            return WebhookResult.CommitFailed(exception);
        }
    }
}
