namespace Steadfast.Engine.Storage;

/// <summary>Filters for listing events, newest first.</summary>
public sealed record EventQuery
{
    /// <summary>Only this name.</summary>
    public string? Name { get; init; }

    /// <summary>Received at or after (unix ms).</summary>
    public long? Since { get; init; }

    /// <summary>Received before (unix ms).</summary>
    public long? Until { get; init; }

    /// <summary>Page cursor: internal ids strictly less than this.</summary>
    public string? Cursor { get; init; }

    /// <summary>Include <c>inngest/</c> events.</summary>
    public bool IncludeInternal { get; init; } = true;

    /// <summary>Page size (1–1000).</summary>
    public int Limit { get; init; } = 50;
}
