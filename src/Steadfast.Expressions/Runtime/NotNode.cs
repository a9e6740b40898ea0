namespace Steadfast.Expressions.Runtime;

internal sealed class NotNode(Node operand) : Node
{
    public override CelValue Evaluate(in Activation activation)
    {
        var v = operand.Evaluate(activation);
        return v.Kind == CelValueKind.Bool ? CelValue.FromBool(!v.AsBool()) : v.IsError ? v : Errors.NoSuchOverload("!_", v);
    }
}
