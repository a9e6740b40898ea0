namespace Steadfast.Expressions.Runtime;

/// <summary>A macro's iteration variable.</summary>
internal sealed class LocalNode(int slot) : Node
{
    public override CelValue Evaluate(in Activation activation) => activation.Frame!.Locals[slot];
}
