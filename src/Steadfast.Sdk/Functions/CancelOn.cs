namespace Steadfast.Sdk;

/// <summary>An event that cancels a run of the function while it has not ended (Inngest's <c>cancelOn</c>).</summary>
public sealed record CancelOn
{
    /// <summary>The event name.</summary>
    public required string Event { get; init; }

    /// <summary>CEL condition over <c>event</c> (the run's trigger) and <c>async</c> (the cancelling event).</summary>
    public string? If { get; init; }

    /// <summary>Shorthand: a field path such as <c>data.userId</c> that must be equal in both events.</summary>
    public string? Match { get; init; }

    /// <summary>How long the cancellation listens (default one year).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The condition the engine evaluates (<see cref="If"/>, or the one <see cref="Match"/> stands for).</summary>
    public string? Condition => If ?? (Match is { Length: > 0 } m ? $"event.{m} == async.{m}" : null);
}
