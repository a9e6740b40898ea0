namespace Steadfast.Expressions.Runtime;

internal sealed class ConstantNode(CelValue value) : Node
{
    public CelValue Value { get; } = value;

    public override CelValue Evaluate(in Activation activation) => Value;
}
