using Steadfast.Clerk.Events;
using Steadfast.Clerk.Svix;

namespace Steadfast.Clerk.Transforms;

/// <summary>
/// The built-in Clerk transform: the <see cref="ClerkEventMapper"/> mapping (<c>clerk/&lt;type&gt;</c>, data unchanged,
/// id = <c>svix-id</c>, ts = envelope timestamp) as an <see cref="IWebhookTransform"/>, without a JavaScript engine.
/// Equivalent to <see cref="JavaScriptSource"/>, minus the timestamp unit checks only C# does.
/// </summary>
public sealed class ClerkWebhookTransform : IWebhookTransform
{
    /// <summary>The same mapping written as an Inngest-format JavaScript transform, for users who want to start from it and edit.</summary>
    public const string JavaScriptSource = """
        function transform(evt, headers = {}, queryParams = {}, raw = "") {
          return {
            name: `clerk/${evt.type}`,
            data: evt.data,
            id: headers["Svix-Id"] || headers["Webhook-Id"],
            ts: evt.timestamp,
          };
        }
        """;

    private readonly ClerkEventMapper _mapper;

    /// <summary>Initializes a new instance of the <see cref="ClerkWebhookTransform"/> class.</summary>
    /// <param name="mapper">The mapper to use; a default one on <see cref="TimeProvider.System"/> when null.</param>
    public ClerkWebhookTransform(ClerkEventMapper? mapper = null) => _mapper = mapper ?? new ClerkEventMapper();

    /// <inheritdoc />
    public IReadOnlyList<TransformedEvent> Transform(WebhookTransformRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var id = request.GetHeader(SvixHeaderNames.SvixId) ?? request.GetHeader(SvixHeaderNames.WebhookId);
        if (string.IsNullOrEmpty(id))
        {
            throw new WebhookTransformException(WebhookTransformError.InvalidInput, "The request has no svix-id (or webhook-id) header to use as the event id.");
        }

        try
        {
            var mapped = _mapper.Map(request.Body, id);
            return [new TransformedEvent(mapped.Name, mapped.Data, mapped.Id, mapped.Ts)];
        }
        catch (ClerkPayloadException exception)
        {
            throw new WebhookTransformException(WebhookTransformError.InvalidInput, exception.Message, exception);
        }
    }
}
