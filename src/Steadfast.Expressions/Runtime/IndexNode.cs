namespace Steadfast.Expressions.Runtime;

internal sealed class IndexNode(Node operand, Node index) : Node
{
    public override CelValue Evaluate(in Activation activation) =>
        Access.Index(operand.Evaluate(activation), index.Evaluate(activation));
}
