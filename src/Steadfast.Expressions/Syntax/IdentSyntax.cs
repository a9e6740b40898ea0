namespace Steadfast.Expressions.Syntax;

internal sealed record IdentSyntax(int Position, string Name) : SyntaxNode(Position)
{
    public override int Height => 1;
}
