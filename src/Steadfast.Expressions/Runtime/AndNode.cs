namespace Steadfast.Expressions.Runtime;

/// <summary>
/// <c>a &amp;&amp; b</c>, commutative over errors: false wins over an error on either side, an error
/// wins over true, and a non-bool operand is a "no matching overload" error.
/// </summary>
internal sealed class AndNode(Node left, Node right) : Node
{
    public Node Left { get; } = left;

    public Node Right { get; } = right;

    public override CelValue Evaluate(in Activation activation)
    {
        var l = Left.Evaluate(activation);
        if (l.Kind == CelValueKind.Bool && !l.AsBool())
        {
            return l;
        }

        var r = Right.Evaluate(activation);
        if (r.Kind == CelValueKind.Bool && !r.AsBool())
        {
            return r;
        }

        if (l.Kind == CelValueKind.Bool && r.Kind == CelValueKind.Bool)
        {
            return CelValue.True;
        }

        return l.IsError ? l : r.IsError ? r : Errors.NoSuchOverload("_&&_", l, r);
    }
}
