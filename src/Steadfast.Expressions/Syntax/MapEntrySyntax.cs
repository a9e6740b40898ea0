namespace Steadfast.Expressions.Syntax;

internal sealed record MapEntrySyntax(SyntaxNode Key, SyntaxNode Value);
