namespace Steadfast.Expressions.Runtime;

/// <summary><c>a || b</c>, commutative over errors: true wins over an error on either side.</summary>
internal sealed class OrNode(Node left, Node right) : Node
{
    public override CelValue Evaluate(in Activation activation)
    {
        var l = left.Evaluate(activation);
        if (l.Kind == CelValueKind.Bool && l.AsBool())
        {
            return l;
        }

        var r = right.Evaluate(activation);
        if (r.Kind == CelValueKind.Bool && r.AsBool())
        {
            return r;
        }

        if (l.Kind == CelValueKind.Bool && r.Kind == CelValueKind.Bool)
        {
            return CelValue.False;
        }

        return l.IsError ? l : r.IsError ? r : Errors.NoSuchOverload("_||_", l, r);
    }
}
