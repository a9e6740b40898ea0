namespace Steadfast.Expressions.Runtime;

/// <summary>A list built by the expression (a literal, a concatenation, a macro result).</summary>
internal sealed class ValueList(CelValue[] items) : CelList
{
    public static readonly ValueList Empty = new([]);

    public CelValue[] Items { get; } = items;

    public override int Count => Items.Length;

    public override CelValue this[int index] => Items[index];
}
