namespace Steadfast.Protocol.Events;

/// <summary>Reserved event names (reference §6.3).</summary>
public static class InternalEvents
{
    /// <summary>Prefix of reserved names; rejected on the event API.</summary>
    public const string Prefix = "inngest/";

    /// <summary>Every run end.</summary>
    public const string FunctionFinished = "inngest/function.finished";

    /// <summary>A run failed.</summary>
    public const string FunctionFailed = "inngest/function.failed";

    /// <summary>A run was cancelled.</summary>
    public const string FunctionCancelled = "inngest/function.cancelled";

    /// <summary>A function was invoked.</summary>
    public const string FunctionInvoked = "inngest/function.invoked";

    /// <summary>A cron tick.</summary>
    public const string ScheduledTimer = "inngest/scheduled.timer";

    /// <summary>True when <paramref name="name"/> is reserved.</summary>
    public static bool IsReserved(string name) => name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}
