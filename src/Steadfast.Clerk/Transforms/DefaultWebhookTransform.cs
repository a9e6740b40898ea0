using System.Text;
using System.Text.Json;
using Steadfast.Clerk.Models;

namespace Steadfast.Clerk.Transforms;

/// <summary>
/// Inngest's default webhook transform (the one its webhook-intent flow installs), in C#:
/// <c>name: `${slug}/${evt.type || evt.name || evt.event_type || "webhook.received"}`, data: evt.data || evt</c>, where
/// <c>slug</c> is the slugified source name. No id and no ts are set, as in Inngest, so the event time is receipt time
/// and retries are not deduplicated (write a transform that sets <c>id</c> for that). Thread-safe.
/// </summary>
/// <remarks>
/// JavaScript truthiness is followed for the name parts that occur in practice: a non-empty string, a non-zero number
/// or <c>true</c> is used as text; anything else falls through to the next. <c>data</c> is <c>evt.data</c> when that is
/// an object, otherwise the whole body (an event's data must be an object). An empty body is <c>{}</c>, as for
/// JavaScript transforms; a body that is not a JSON object is rejected.
/// </remarks>
public sealed class DefaultWebhookTransform : IWebhookTransform
{
    /// <summary>The event name used when the body names no type.</summary>
    public const string FallbackEventType = "webhook.received";

    private static readonly string[] TypeProperties = ["type", "name", "event_type"];

    /// <summary>Initializes a new instance of the <see cref="DefaultWebhookTransform"/> class.</summary>
    /// <param name="sourceName">The webhook source's name; its slug prefixes every event name.</param>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty.</exception>
    public DefaultWebhookTransform(string sourceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        Prefix = Slugify(sourceName) + "/";
    }

    /// <summary>Gets the event name prefix, the slugified source name and a slash (<c>Acme App</c> → <c>acme-app/</c>).</summary>
    public string Prefix { get; }

    /// <summary>Slugifies a name: lower case, every run of other characters than ASCII letters and digits becomes one hyphen, no hyphen at either end; <c>webhook</c> when nothing is left.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The slug.</returns>
    public static string Slugify(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slug = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var text = slug.ToString().TrimEnd('-');
        return text.Length == 0 ? "webhook" : text;
    }

    /// <inheritdoc />
    public IReadOnlyList<TransformedEvent> Transform(WebhookTransformRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var body = request.Body;
        if (body.IsEmpty)
        {
            return [new TransformedEvent(Prefix + FallbackEventType, EmptyObject(), null, null)];
        }

        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            throw new WebhookTransformException(WebhookTransformError.InvalidInput, "The webhook body is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, ClerkJson.DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw new WebhookTransformException(WebhookTransformError.InvalidInput, $"The webhook body is not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            var evt = document.RootElement;
            if (evt.ValueKind != JsonValueKind.Object)
            {
                throw new WebhookTransformException(WebhookTransformError.InvalidInput, $"The webhook body is {ClerkJson.Describe(evt.ValueKind)}, not a JSON object.");
            }

            var data = evt.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : evt;
            return [new TransformedEvent(Prefix + EventType(evt), data.Clone(), null, null)];
        }
    }

    private static string EventType(JsonElement evt)
    {
        foreach (var property in TypeProperties)
        {
            if (!evt.TryGetProperty(property, out var value))
            {
                continue;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String when value.GetString() is { Length: > 0 } text:
                    return text;
                case JsonValueKind.Number when value.TryGetDouble(out var number) && number != 0:
                    return value.GetRawText();
                case JsonValueKind.True:
                    return "true";
            }
        }

        return FallbackEventType;
    }

    private static JsonElement EmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }
}
