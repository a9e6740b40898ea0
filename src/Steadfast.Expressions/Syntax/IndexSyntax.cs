namespace Steadfast.Expressions.Syntax;

internal sealed record IndexSyntax(int Position, SyntaxNode Operand, SyntaxNode Index) : SyntaxNode(Position)
{
    public override int Height { get; } = Math.Max(Operand.Height, Index.Height) + 1;
}
