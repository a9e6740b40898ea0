namespace Steadfast.Sdk;

/// <summary>What starts a function: an event name (with <c>*</c> wildcards) and an optional CEL filter, or a cron schedule.</summary>
public sealed record FunctionTrigger
{
    /// <summary>The event name, e.g. <c>clerk/user.created</c> or <c>clerk/*</c>.</summary>
    public string? Event { get; init; }

    /// <summary>Optional CEL expression over <c>event</c>.</summary>
    public string? Expression { get; init; }

    /// <summary>A cron schedule such as <c>TZ=Europe/Paris 0 12 * * 5</c>.</summary>
    public string? Cron { get; init; }

    /// <summary>An event trigger.</summary>
    public static FunctionTrigger OnEvent(string name, string? expression = null) => new() { Event = name, Expression = expression };

    /// <summary>A cron trigger.</summary>
    public static FunctionTrigger OnCron(string schedule) => new() { Cron = schedule };

    /// <summary>An event trigger from its name.</summary>
    public static implicit operator FunctionTrigger(string eventName) => OnEvent(eventName);
}
