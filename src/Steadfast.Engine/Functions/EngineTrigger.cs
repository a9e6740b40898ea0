namespace Steadfast.Engine.Functions;

/// <summary>A trigger as the engine sees it.</summary>
/// <param name="Event">Event name, possibly with <c>*</c> wildcards.</param>
/// <param name="Expression">Optional CEL filter over <c>event</c>.</param>
/// <param name="Cron">Cron schedule, for cron triggers.</param>
public sealed record EngineTrigger(string? Event, string? Expression = null, string? Cron = null);
