namespace Steadfast.Clerk.AspNetCore;

/// <summary>
/// What processing a verified delivery (transform and commit) came to: accepted with the committed event ids, or
/// rejected with an outcome, status and reason. <see cref="WebhookReceiver"/> records, logs and answers it.
/// </summary>
internal sealed class WebhookResult
{
    private static readonly IReadOnlyList<string> None = [];

    private WebhookResult(WebhookDeliveryOutcome outcome, int status, string? reason, string message)
    {
        Outcome = outcome;
        Status = status;
        Reason = reason;
        Message = message;
    }

    public WebhookDeliveryOutcome Outcome { get; }

    public int Status { get; }

    /// <summary>A machine-readable code (e.g. <c>MalformedJson</c>); null when accepted.</summary>
    public string? Reason { get; }

    /// <summary>What the log and the sender see: a description of the rejection, or the first event name.</summary>
    public string Message { get; }

    public IReadOnlyList<string> Ids { get; private init; } = None;

    public IReadOnlyList<string> Names { get; private init; } = None;

    /// <summary>Events the transform produced that the source's allow-list dropped.</summary>
    public int Filtered { get; private init; }

    /// <summary>Why the commit failed, for the error log (never sent to the sender).</summary>
    public Exception? Exception { get; private init; }

    /// <summary>
    /// Committed, with the ids and names of the committed events. When the source's allow-list dropped every event
    /// (<paramref name="filteredNames"/>), the delivery is still answered 200, so the sender does not retry what will
    /// never be accepted, and recorded as <see cref="WebhookDeliveryOutcome.Filtered"/>.
    /// </summary>
    public static WebhookResult Accepted(IReadOnlyList<string> ids, IReadOnlyList<string> names, IReadOnlyList<string>? filteredNames = null)
    {
        var filtered = filteredNames?.Count ?? 0;
        return ids.Count == 0 && filtered > 0
            ? new(WebhookDeliveryOutcome.Filtered, 200, "EventNotAllowed", $"{filteredNames![0]}{(filtered > 1 ? $" and {filtered - 1} more" : "")} not among the source's allowed events") { Filtered = filtered }
            : new(WebhookDeliveryOutcome.Accepted, 200, null, names.Count > 0 ? names[0] : "(no events)") { Ids = ids, Names = names, Filtered = filtered };
    }

    /// <summary>The body is not what the endpoint accepts (400), or the events are too large (413).</summary>
    public static WebhookResult Rejected(WebhookDeliveryOutcome outcome, int status, string reason, string message) => new(outcome, status, reason, message);

    /// <summary>The commit failed: 500, so the sender retries with the same message id.</summary>
    public static WebhookResult CommitFailed(Exception exception) =>
        new(WebhookDeliveryOutcome.Failed, 500, "CommitFailed", "The event could not be committed; retry later.") { Exception = exception };
}
