namespace Steadfast.Engine.Events;

/// <summary>An event request was refused; <see cref="StatusCode"/> is the HTTP status to answer (400, 413).</summary>
public sealed class EventRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EventRejectedException(int statusCode, string message)
        : base(message) => StatusCode = statusCode;

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; }
}
