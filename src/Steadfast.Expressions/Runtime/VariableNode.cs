namespace Steadfast.Expressions.Runtime;

/// <summary>A variable other than <c>event</c> and <c>async</c>, supplied through <see cref="ExpressionContext.Set"/>.</summary>
internal sealed class VariableNode(string name) : Node
{
    public override CelValue Evaluate(in Activation activation) =>
        activation.Context.TryGetVariable(name, out var value) ? value : Errors.NoSuchAttribute(name);
}
