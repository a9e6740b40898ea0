namespace Steadfast.Expressions.Syntax;

internal sealed record LiteralSyntax(int Position, CelValue Value) : SyntaxNode(Position)
{
    public override int Height => 1;
}
