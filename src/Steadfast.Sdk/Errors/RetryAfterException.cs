namespace Steadfast.Sdk;

/// <summary>Thrown to retry at a given time instead of after the default backoff (clamped by the server to 1 s – 24 h).</summary>
public class RetryAfterException : Exception
{
    /// <summary>Retry after <paramref name="delay"/>.</summary>
    public RetryAfterException(string message, TimeSpan delay, Exception? innerException = null)
        : base(message, innerException) => Delay = delay;

    /// <summary>Retry at <paramref name="at"/>.</summary>
    public RetryAfterException(string message, DateTimeOffset at, Exception? innerException = null)
        : base(message, innerException) => At = at;

    /// <summary>The delay, when given as a duration.</summary>
    public TimeSpan? Delay { get; }

    /// <summary>The instant, when given as a time.</summary>
    public DateTimeOffset? At { get; }

    internal string ToHeaderValue() =>
        At is { } at
            ? at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : Math.Max(1, (long)Math.Ceiling(Delay!.Value.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
