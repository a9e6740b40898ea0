namespace Steadfast.Expressions.Syntax;

/// <summary><c>function(args)</c> or <c>target.function(args)</c>.</summary>
internal sealed record CallSyntax(int Position, SyntaxNode? Target, string Function, IReadOnlyList<SyntaxNode> Args) : SyntaxNode(Position)
{
    public override int Height { get; } = Math.Max(Target?.Height ?? 0, Args.Count == 0 ? 0 : Args.Max(a => a.Height)) + 1;
}
