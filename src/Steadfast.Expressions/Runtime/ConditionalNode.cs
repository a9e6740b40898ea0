namespace Steadfast.Expressions.Runtime;

internal sealed class ConditionalNode(Node condition, Node whenTrue, Node whenFalse) : Node
{
    public override CelValue Evaluate(in Activation activation)
    {
        var c = condition.Evaluate(activation);
        if (c.Kind == CelValueKind.Bool)
        {
            return c.AsBool() ? whenTrue.Evaluate(activation) : whenFalse.Evaluate(activation);
        }

        return c.IsError ? c : Errors.NoSuchOverload("_?_:_", c);
    }
}
