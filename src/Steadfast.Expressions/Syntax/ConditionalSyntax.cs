namespace Steadfast.Expressions.Syntax;

internal sealed record ConditionalSyntax(int Position, SyntaxNode Condition, SyntaxNode WhenTrue, SyntaxNode WhenFalse) : SyntaxNode(Position)
{
    public override int Height { get; } = Math.Max(Condition.Height, Math.Max(WhenTrue.Height, WhenFalse.Height)) + 1;
}
