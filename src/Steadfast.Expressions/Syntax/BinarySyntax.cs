namespace Steadfast.Expressions.Syntax;

internal sealed record BinarySyntax(int Position, TokenKind Operator, SyntaxNode Left, SyntaxNode Right) : SyntaxNode(Position)
{
    public override int Height { get; } = Math.Max(Left.Height, Right.Height) + 1;
}
