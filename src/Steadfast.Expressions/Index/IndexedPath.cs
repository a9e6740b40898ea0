using Steadfast.Expressions.Runtime;

namespace Steadfast.Expressions.Index;

/// <summary>All entries keyed on one <c>async</c> path (e.g. <c>data.user_id</c>), bucketed by the literal they require.</summary>
internal sealed class IndexedPath<T>(string[] segments)
{
    public string[] Segments { get; } = segments;

    public Dictionary<MapKey, List<IndexEntry<T>>> Buckets { get; } = [];
}
