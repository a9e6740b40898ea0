using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Steadfast.Clerk.AspNetCore;
using Steadfast.Clerk.Events;
using Steadfast.Clerk.Svix;
using Steadfast.Clerk.Transforms;

namespace Steadfast.Server.AspNetCore.Webhooks;

/// <summary>
/// A source's transform, fed from the request. The built-in ones read only what they need (the Clerk mapping takes the
/// verified message id instead of collecting headers); JavaScript transforms get Inngest's four arguments.
/// </summary>
internal abstract class SourceTransform
{
    /// <summary>Turns a delivery into events.</summary>
    /// <exception cref="WebhookTransformException">The body or the transform is bad: answer 400.</exception>
    public abstract IReadOnlyList<TransformedEvent> Transform(HttpContext http, ReadOnlyMemory<byte> body, string? verifiedMessageId);

    /// <summary>
    /// Gets the gate a caller awaits before <see cref="Transform"/>, or null when the transform is cheap. A JavaScript
    /// transform runs synchronously for up to its time limit: without a cap, a burst of slow ones would hold every
    /// thread-pool thread, and the server's other requests (event API, SDK calls) would stall behind them.
    /// </summary>
    public virtual SemaphoreSlim? Gate => null;

    /// <summary>How many JavaScript transforms of one source run at once; more deliveries wait (asynchronously) in line.</summary>
    public static int MaxConcurrentScripts { get; } = Math.Max(2, Environment.ProcessorCount);

    public static SourceTransform Create(WebhookSourceDefinition definition, TimeProvider time, ILogger logger) => definition.TransformKind switch
    {
        SourceTransformKind.Clerk => new ClerkSourceTransform(definition.Name, new ClerkEventMapper(time), logger),
        SourceTransformKind.JavaScript => new JavaScriptSourceTransform(definition.Script!),
        _ => new BuiltInSourceTransform(new DefaultWebhookTransform(definition.Name)),
    };

    /// <summary>The reason code of a transform failure: the Clerk payload problem when there is one (<c>MalformedJson</c>), else the transform error (<c>ScriptError</c>, <c>Timeout</c>).</summary>
    public static string Reason(WebhookTransformException exception) =>
        exception.InnerException is ClerkPayloadException payload ? payload.Error.ToString() : exception.Error.ToString();

    /// <summary>The Clerk mapping with the verified svix-id (or, without verification, the header) as event id.</summary>
    private sealed class ClerkSourceTransform(string source, ClerkEventMapper mapper, ILogger logger) : SourceTransform
    {
        public override IReadOnlyList<TransformedEvent> Transform(HttpContext http, ReadOnlyMemory<byte> body, string? verifiedMessageId)
        {
            var id = verifiedMessageId ?? Single(http.Request.Headers, SvixHeaderNames.SvixId) ?? Single(http.Request.Headers, SvixHeaderNames.WebhookId);
            if (string.IsNullOrEmpty(id))
            {
                throw new WebhookTransformException(WebhookTransformError.InvalidInput, "The request has no svix-id (or webhook-id) header to use as the event id.");
            }

            if (!mapper.TryMap(body, id, out var mapped, out var error))
            {
                throw new WebhookTransformException(WebhookTransformError.InvalidInput, error.Message, error);
            }

            if (mapped.TimestampCorrection != ClerkTimestampCorrection.None)
            {
                WebhookLog.TimestampCorrected(logger, source, id, mapped.TimestampCorrection);
            }

            return [new TransformedEvent(mapped.Name, mapped.Data, mapped.Id, mapped.Ts)];
        }

        private static string? Single(IHeaderDictionary headers, string name) => headers[name] is { Count: 1 } values ? values[0] : null;
    }

    /// <summary>A C# transform that needs only the body.</summary>
    private sealed class BuiltInSourceTransform(IWebhookTransform transform) : SourceTransform
    {
        /// <remarks>
        /// Beyond Inngest's template: on a Svix-verified source the event id is the verified message id, so the
        /// sender's retries and replays of one delivery are one event (Inngest's default transform sets no id).
        /// </remarks>
        public override IReadOnlyList<TransformedEvent> Transform(HttpContext http, ReadOnlyMemory<byte> body, string? verifiedMessageId)
        {
            var events = transform.Transform(new WebhookTransformRequest(body), http.RequestAborted);
            return verifiedMessageId is not null && events is [{ Id: null } only] ? [only with { Id = verifiedMessageId }] : events;
        }
    }

    /// <summary>A sandboxed JavaScript transform: every request header (canonicalized by the transform) and every query value.</summary>
    private sealed class JavaScriptSourceTransform(JavaScriptWebhookTransform transform) : SourceTransform
    {
        public override SemaphoreSlim? Gate { get; } = new(MaxConcurrentScripts, MaxConcurrentScripts);

        public override IReadOnlyList<TransformedEvent> Transform(HttpContext http, ReadOnlyMemory<byte> body, string? verifiedMessageId)
        {
            var request = http.Request;
            var headers = new List<KeyValuePair<string, string>>(request.Headers.Count);
            foreach (var (name, values) in request.Headers)
            {
                foreach (var value in values)
                {
                    headers.Add(new(name, value ?? ""));
                }
            }

            var query = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (name, values) in request.Query)
            {
                query[name] = [.. values.Select(v => v ?? "")];
            }

            return transform.Transform(new WebhookTransformRequest(body, headers, query), http.RequestAborted);
        }
    }
}
