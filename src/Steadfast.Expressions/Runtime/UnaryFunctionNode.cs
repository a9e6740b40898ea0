namespace Steadfast.Expressions.Runtime;

/// <summary>A one-argument function or a method without arguments (<c>size(x)</c>, <c>x.size()</c>, <c>int(x)</c>, <c>-x</c>).</summary>
internal sealed class UnaryFunctionNode(Node operand, Func<CelValue, CelValue> function) : Node
{
    public override CelValue Evaluate(in Activation activation)
    {
        var v = operand.Evaluate(activation);
        return v.IsError ? v : function(v);
    }
}
