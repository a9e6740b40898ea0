using System.Text.Json;
using Steadfast.Expressions.Runtime;

namespace Steadfast.Expressions.Index;

/// <summary>One registered expression: what it is, what it was bound to, and where it is filed.</summary>
internal sealed class IndexEntry<T>(string id, CompiledExpression expression, JsonElement? boundEvent, T payload, IndexedPath<T>? path, MapKey key)
{
    public string Id { get; } = id;

    public CompiledExpression Expression { get; } = expression;

    public JsonElement? BoundEvent { get; } = boundEvent;

    public T Payload { get; } = payload;

    /// <summary>The path this entry is filed under, or null when it is evaluated for every event.</summary>
    public IndexedPath<T>? Path { get; } = path;

    public MapKey Key { get; } = key;
}
