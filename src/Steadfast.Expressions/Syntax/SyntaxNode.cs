namespace Steadfast.Expressions.Syntax;

/// <summary>A node of the parsed expression; <see cref="Position"/> is the 0-based offset it is reported at.</summary>
internal abstract record SyntaxNode(int Position)
{
    /// <summary>Height of the subtree (a leaf is 1), computed once at construction.</summary>
    public abstract int Height { get; }
}
