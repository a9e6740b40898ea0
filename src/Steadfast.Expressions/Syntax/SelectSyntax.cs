namespace Steadfast.Expressions.Syntax;

/// <summary><c>operand.field</c>; <see cref="SyntaxNode.Position"/> is the field's.</summary>
internal sealed record SelectSyntax(int Position, SyntaxNode Operand, string Field) : SyntaxNode(Position)
{
    public override int Height { get; } = Operand.Height + 1;
}
