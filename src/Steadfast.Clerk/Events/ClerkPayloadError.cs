namespace Steadfast.Clerk.Events;

/// <summary>Why a (signed) Clerk webhook body could not be read. All of these are the sender's fault: answer 4xx or ack-and-alert, never 5xx.</summary>
public enum ClerkPayloadError
{
    /// <summary>The body is not valid UTF-8.</summary>
    NotUtf8 = 1,

    /// <summary>The body is not well-formed JSON, or repeats a property name.</summary>
    MalformedJson,

    /// <summary>The body is JSON but not an object.</summary>
    NotAnObject,

    /// <summary>The envelope's <c>object</c> is present and is not <c>"event"</c>.</summary>
    WrongObjectKind,

    /// <summary>The envelope has no string <c>type</c>, or it is empty.</summary>
    MissingType,

    /// <summary>The <c>type</c> does not match the safe event-type pattern <c>^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+$</c>.</summary>
    InvalidType,

    /// <summary>The envelope has no <c>data</c>, or it is not an object.</summary>
    MissingData,

    /// <summary>The envelope's <c>timestamp</c> is present but not a positive integer.</summary>
    InvalidTimestamp,

    /// <summary>The <c>data</c> object does not have the shape of the requested model (e.g. a string where a User has an array).</summary>
    MalformedData,
}
