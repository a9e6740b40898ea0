namespace Steadfast.Expressions.Runtime;

/// <summary><c>a == b</c> (or <c>a != b</c> when <see cref="Negated"/>).</summary>
internal sealed class EqualsNode(Node left, Node right, bool negated) : Node
{
    public Node Left { get; } = left;

    public Node Right { get; } = right;

    public bool Negated { get; } = negated;

    public override CelValue Evaluate(in Activation activation)
    {
        var l = Left.Evaluate(activation);
        if (l.IsError)
        {
            return l;
        }

        var r = Right.Evaluate(activation);
        if (r.IsError)
        {
            return r;
        }

        return CelValue.FromBool(CelEquality.AreEqual(l, r) != Negated);
    }
}
