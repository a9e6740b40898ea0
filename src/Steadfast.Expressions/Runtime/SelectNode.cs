namespace Steadfast.Expressions.Runtime;

internal sealed class SelectNode(Node operand, string field) : Node
{
    public override CelValue Evaluate(in Activation activation) => Access.Select(operand.Evaluate(activation), field);
}
