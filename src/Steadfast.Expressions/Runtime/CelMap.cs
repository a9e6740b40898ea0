namespace Steadfast.Expressions.Runtime;

/// <summary>A CEL map: a JSON object or a map built by the expression.</summary>
internal abstract class CelMap
{
    public abstract int Count { get; }

    public abstract IEnumerable<CelValue> Keys { get; }

    /// <summary>Looks a key up with CEL's heterogeneous key equality (1 finds 1u and 1.0).</summary>
    public abstract bool TryGetValue(CelValue key, out CelValue value);
}
