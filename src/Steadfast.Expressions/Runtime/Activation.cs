namespace Steadfast.Expressions.Runtime;

/// <summary>What one evaluation sees: the caller's variables and, for macros, local slots.</summary>
internal readonly struct Activation(ExpressionContext context, Frame? frame)
{
    public ExpressionContext Context { get; } = context;

    public Frame? Frame { get; } = frame;
}
