using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Steadfast.Clerk.AspNetCore;
using Steadfast.Clerk.Svix;
using Steadfast.Clerk.Transforms;
using Steadfast.Engine.Events;

namespace Steadfast.Server.AspNetCore.Webhooks;

/// <summary>
/// One running webhook source: the shared <see cref="WebhookReceiver"/> (bounded read, verification, delivery log,
/// answers), then the source's transform, its allow-list, and a commit straight into the engine's
/// <see cref="EventIngestor"/> (no re-serialization through an event client). A 2xx means committed.
/// </summary>
internal sealed class WebhookSource
{
    /// <summary>How many deliveries that were not accepted each source keeps for the dashboard.</summary>
    public const int DeliveryLogCapacity = 100;

    private readonly WebhookReceiver _receiver;
    private readonly WebhookProcessor _process;
    private readonly SourceTransform _transform;
    private readonly EventNameFilter _filter;
    private readonly EventIngestor _ingestor;
    private int _runningTransforms;
    private int _maxRunningTransforms;

    public WebhookSource(WebhookSourceDefinition definition, EventIngestor ingestor, TimeProvider time, ILogger logger)
    {
        var verifier = definition.Verification == WebhookVerification.Svix
            ? new SvixSignatureVerifier(definition.Secrets, new SvixVerificationOptions { MaxBodyBytes = definition.MaxBodyBytes, Tolerance = definition.Tolerance }, time)
            : null;
        var deliveries = new WebhookDeliveryLog(DeliveryLogCapacity);
        _receiver = new WebhookReceiver(definition.Name, definition.MaxBodyBytes, verifier, deliveries, logger, time);
        _process = ProcessAsync;
        _transform = SourceTransform.Create(definition, time, logger);
        _filter = definition.Filter;
        _ingestor = ingestor;
        Definition = definition;
        Info = new WebhookSourceInfo(
            definition.Name,
            definition.Path,
            definition.Verification == WebhookVerification.Svix ? "svix" : "none",
            definition.TransformKind switch { SourceTransformKind.Clerk => "clerk", SourceTransformKind.JavaScript => "javascript", _ => "default" },
            deliveries)
        {
            SecretCount = definition.Secrets.Count,
            TransformFile = definition.TransformFile,
            MaxBodyBytes = definition.MaxBodyBytes,
            AllowedEvents = [.. definition.Filter.Patterns],
            HasKey = definition.Key is not null,
        };
    }

    public WebhookSourceDefinition Definition { get; }

    /// <summary>Gets the most transforms of this source that ran at the same moment so far (for tests of the gate).</summary>
    internal int MaxConcurrentTransforms => Volatile.Read(ref _maxRunningTransforms);

    public WebhookSourceInfo Info { get; }

    public Task ReceiveAsync(HttpContext http) => _receiver.ReceiveAsync(http, _process);

    private async ValueTask<WebhookResult> ProcessAsync(HttpContext http, ReadOnlyMemory<byte> body, string? messageId)
    {
        IReadOnlyList<TransformedEvent> events;
        var gate = _transform.Gate;
        if (gate is not null)
        {
            await gate.WaitAsync(http.RequestAborted).ConfigureAwait(false);
        }

        try
        {
            if (gate is not null)
            {
                var running = Interlocked.Increment(ref _runningTransforms);
                Engine.Diagnostics.AtomicMax.Update(ref _maxRunningTransforms, running);
            }

            events = _transform.Transform(http, body, messageId);
        }
        catch (WebhookTransformException exception)
        {
            // Inngest's rule: a transform that throws answers 400, so the sender sees the failure and retries.
            return WebhookResult.Rejected(WebhookDeliveryOutcome.Malformed, 400, SourceTransform.Reason(exception), exception.Message);
        }
        finally
        {
            if (gate is not null)
            {
                Interlocked.Decrement(ref _runningTransforms);
                gate.Release();
            }
        }

        List<string>? filtered = null;
        if (!_filter.AllowsAll)
        {
            var kept = new List<TransformedEvent>(events.Count);
            foreach (var e in events)
            {
                if (_filter.Allows(e.Name))
                {
                    kept.Add(e);
                }
                else
                {
                    (filtered ??= []).Add(e.Name);
                }
            }

            events = kept;
        }

        var names = new string[events.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = events[i].Name;
        }

        if (events.Count == 0)
        {
            return WebhookResult.Accepted([], names, filtered);
        }

        using var batch = WebhookEventBatch.Create(events);
        try
        {
            var ids = await _ingestor.IngestAsync(batch.Events, null, http.RequestAborted).ConfigureAwait(false);
            return WebhookResult.Accepted(ids, names, filtered);
        }
        catch (EventRejectedException exception)
        {
            // The transform produced an event the engine refuses (reserved name, ts out of range, too large): the
            // sender's payload or the transform is at fault, never the server.
            var outcome = exception.StatusCode == 413 ? WebhookDeliveryOutcome.TooLarge : WebhookDeliveryOutcome.Malformed;
            return WebhookResult.Rejected(outcome, exception.StatusCode, "EventRejected", exception.Message);
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
