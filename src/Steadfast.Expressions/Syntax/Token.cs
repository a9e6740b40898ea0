namespace Steadfast.Expressions.Syntax;

/// <summary>A lexed token: its kind, where it starts, its source text and, for literals, its value.</summary>
internal readonly record struct Token(TokenKind Kind, int Position, string Text, CelValue Value = default)
{
    /// <summary>How the token is shown in an error message: <c>')'</c>, <c>'foo'</c>, <c>end of expression</c>.</summary>
    public string Describe() => Kind == TokenKind.End ? "end of expression" : $"'{(Text.Length > 20 ? Text[..20] + "…" : Text)}'";
}
