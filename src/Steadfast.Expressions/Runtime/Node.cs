namespace Steadfast.Expressions.Runtime;

/// <summary>A compiled expression node; evaluation never throws for CEL runtime errors, it returns error values.</summary>
internal abstract class Node
{
    public abstract CelValue Evaluate(in Activation activation);
}
