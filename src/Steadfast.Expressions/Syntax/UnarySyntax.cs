namespace Steadfast.Expressions.Syntax;

internal sealed record UnarySyntax(int Position, TokenKind Operator, SyntaxNode Operand) : SyntaxNode(Position)
{
    public override int Height { get; } = Operand.Height + 1;
}
