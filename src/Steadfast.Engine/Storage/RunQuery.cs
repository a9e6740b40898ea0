namespace Steadfast.Engine.Storage;

/// <summary>Filters for listing runs, newest first.</summary>
public sealed record RunQuery
{
    /// <summary>Only runs of this function.</summary>
    public string? FunctionId { get; init; }

    /// <summary>Only runs started by this event (internal id).</summary>
    public string? EventId { get; init; }

    /// <summary>
    /// Only runs started by any of these events (internal ids; at most 1000), to fetch the runs of a page of events in
    /// one query. Combined with <see cref="EventId"/> when both are set.
    /// </summary>
    public IReadOnlyList<string>? EventIds { get; init; }

    /// <summary>Only these statuses.</summary>
    public IReadOnlyList<RunStatus>? Statuses { get; init; }

    /// <summary>Created at or after (unix ms).</summary>
    public long? Since { get; init; }

    /// <summary>Created before (unix ms).</summary>
    public long? Until { get; init; }

    /// <summary>Page cursor: run ids strictly less than this.</summary>
    public string? Cursor { get; init; }

    /// <summary>Page size (1–1000).</summary>
    public int Limit { get; init; } = 50;
}
