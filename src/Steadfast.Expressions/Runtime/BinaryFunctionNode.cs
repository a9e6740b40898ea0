namespace Steadfast.Expressions.Runtime;

/// <summary>A two-operand function: arithmetic, <c>in</c>, <c>s.contains(t)</c>, ... Errors propagate left first.</summary>
internal sealed class BinaryFunctionNode(Node left, Node right, Func<CelValue, CelValue, CelValue> function) : Node
{
    public override CelValue Evaluate(in Activation activation)
    {
        var l = left.Evaluate(activation);
        if (l.IsError)
        {
            return l;
        }

        var r = right.Evaluate(activation);
        return r.IsError ? r : function(l, r);
    }
}
