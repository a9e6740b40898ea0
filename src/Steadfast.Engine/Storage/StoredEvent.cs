namespace Steadfast.Engine.Storage;

/// <summary>An accepted event. <see cref="Json"/> is the event exactly as functions receive it.</summary>
public sealed record StoredEvent
{
    /// <summary>The internal id (a ULID), returned by the event API.</summary>
    public required string InternalId { get; init; }

    /// <summary>The event's <c>id</c> (the sender's idempotency id, or the internal id).</summary>
    public required string Id { get; init; }

    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>The event timestamp (unix ms).</summary>
    public required long Ts { get; init; }

    /// <summary>When the server accepted it (unix ms).</summary>
    public required long ReceivedAt { get; init; }

    /// <summary>The normalized event JSON: name, data, id, ts, user, v.</summary>
    public required string Json { get; init; }
}
