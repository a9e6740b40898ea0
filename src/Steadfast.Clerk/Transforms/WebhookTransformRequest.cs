namespace Steadfast.Clerk.Transforms;

/// <summary>An incoming webhook request as a transform sees it.</summary>
public sealed class WebhookTransformRequest
{
    /// <summary>Initializes a new instance of the <see cref="WebhookTransformRequest"/> class.</summary>
    /// <param name="body">The raw body bytes (UTF-8 JSON).</param>
    /// <param name="headers">The headers as name/value pairs; a repeated name keeps each value. Null for none.</param>
    /// <param name="queryParameters">The query parameters, each with all its values. Null for none.</param>
    public WebhookTransformRequest(
        ReadOnlyMemory<byte> body,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? queryParameters = null)
    {
        Body = body;
        Headers = headers?.ToArray() ?? [];
        QueryParameters = queryParameters ?? new Dictionary<string, IReadOnlyList<string>>();
    }

    /// <summary>Gets the raw body bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Gets the headers, as received.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Gets the query parameters.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> QueryParameters { get; }

    /// <summary>Gets the first value of a header, compared case-insensitively, or null.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value, or null.</returns>
    public string? GetHeader(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
