namespace Steadfast.Expressions.Syntax;

internal sealed record MapSyntax(int Position, IReadOnlyList<MapEntrySyntax> Entries) : SyntaxNode(Position)
{
    public override int Height { get; } = (Entries.Count == 0 ? 0 : Entries.Max(e => Math.Max(e.Key.Height, e.Value.Height))) + 1;
}
