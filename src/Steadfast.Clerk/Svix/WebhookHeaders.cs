namespace Steadfast.Clerk.Svix;

/// <summary>
/// The request headers a webhook verifier looks at. Names are case-insensitive. A header added more than once keeps
/// every value, so that a duplicated signature header is rejected instead of being comma-joined and re-parsed.
/// </summary>
public sealed class WebhookHeaders
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the number of distinct header names.</summary>
    public int Count => _values.Count;

    /// <summary>Creates headers holding the Svix-branded trio.</summary>
    /// <param name="id">The <c>svix-id</c> value.</param>
    /// <param name="timestamp">The <c>svix-timestamp</c> value.</param>
    /// <param name="signature">The <c>svix-signature</c> value.</param>
    /// <returns>The headers.</returns>
    public static WebhookHeaders FromSvix(string id, string timestamp, string signature) =>
        new WebhookHeaders()
            .Add(SvixHeaderNames.SvixId, id)
            .Add(SvixHeaderNames.SvixTimestamp, timestamp)
            .Add(SvixHeaderNames.SvixSignature, signature);

    /// <summary>Creates headers from name/value pairs; a name that occurs twice keeps both values.</summary>
    /// <param name="headers">The pairs, for example from an HTTP request.</param>
    /// <returns>The headers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="headers"/> is null.</exception>
    public static WebhookHeaders From(IEnumerable<KeyValuePair<string, string?>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var result = new WebhookHeaders();
        foreach (var (name, value) in headers)
        {
            result.Add(name, value);
        }

        return result;
    }

    /// <summary>Creates headers from name/value tuples; null values are skipped.</summary>
    /// <param name="headers">The pairs.</param>
    /// <returns>The headers.</returns>
    public static WebhookHeaders FromPairs(params (string Name, string? Value)[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var result = new WebhookHeaders();
        foreach (var (name, value) in headers)
        {
            result.Add(name, value);
        }

        return result;
    }

    /// <summary>Adds one value of a header. A null value is ignored.</summary>
    /// <param name="name">The header name, in any case.</param>
    /// <param name="value">The value.</param>
    /// <returns>This instance, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public WebhookHeaders Add(string name, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (value is null)
        {
            return this;
        }

        if (!_values.TryGetValue(name, out var list))
        {
            list = new List<string>(1);
            _values.Add(name, list);
        }

        list.Add(value);
        return this;
    }

    /// <summary>Gets every value of a header, or an empty list.</summary>
    /// <param name="name">The header name, in any case.</param>
    /// <returns>The values in the order they were added.</returns>
    public IReadOnlyList<string> GetValues(string name) =>
        _values.TryGetValue(name, out var list) ? list : [];

    /// <summary>Gets the only value of a header; null when it is absent or has several values.</summary>
    /// <param name="name">The header name, in any case.</param>
    /// <returns>The value, or null.</returns>
    public string? GetSingle(string name) =>
        _values.TryGetValue(name, out var list) && list.Count == 1 ? list[0] : null;
}
