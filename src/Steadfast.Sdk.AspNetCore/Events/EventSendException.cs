using System.Net;

namespace Steadfast.Sdk.AspNetCore;

/// <summary>The event API refused events, or could not be reached after every retry.</summary>
public sealed class EventSendException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EventSendException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException) => StatusCode = statusCode;

    /// <summary>The HTTP status of the last answer, or null when the server was not reached.</summary>
    public HttpStatusCode? StatusCode { get; }
}
