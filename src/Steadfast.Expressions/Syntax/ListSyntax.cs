namespace Steadfast.Expressions.Syntax;

internal sealed record ListSyntax(int Position, IReadOnlyList<SyntaxNode> Items) : SyntaxNode(Position)
{
    public override int Height { get; } = (Items.Count == 0 ? 0 : Items.Max(i => i.Height)) + 1;
}
