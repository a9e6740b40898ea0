namespace Steadfast.Expressions.Runtime;

/// <summary>A CEL list: a JSON array or a list built by the expression.</summary>
internal abstract class CelList
{
    public abstract int Count { get; }

    public abstract CelValue this[int index] { get; }
}
