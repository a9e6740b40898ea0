namespace Steadfast.Expressions.Syntax;

internal sealed partial class Parser
{
    private SyntaxNode ParseMemberSuffix(SyntaxNode operand)
    {
        while (true)
        {
            if (Current.Kind == TokenKind.Dot)
            {
                Advance();
                if (Current.Kind == TokenKind.QuotedIdentifier)
                {
                    var quoted = Advance();
                    operand = Checked(new SelectSyntax(quoted.Position, operand, quoted.Value.AsString()));
                    continue;
                }

                // Reserved words are fine as field and method names (cel-spec parse.textproto "selectors").
                var name = Current.Kind == TokenKind.ReservedWord ? Advance() : Expect(TokenKind.Identifier, "a field or method name after '.'");
                if (Current.Kind == TokenKind.LeftParen)
                {
                    operand = Checked(new CallSyntax(name.Position, operand, name.Text, ParseArguments()));
                }
                else
                {
                    operand = Checked(new SelectSyntax(name.Position, operand, name.Text));
                }
            }
            else if (Current.Kind == TokenKind.LeftBracket)
            {
                var open = Advance();
                var index = ParseExpression();
                Expect(TokenKind.RightBracket, "']'");
                operand = Checked(new IndexSyntax(open.Position, operand, index));
            }
            else
            {
                return operand;
            }
        }
    }

    private SyntaxNode ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.IntLiteral:
                Advance();
                if (!Lexer.TryParseInt(token.Text, negative: false, out var value))
                {
                    throw new ExpressionSyntaxException(_source, token.Position, $"int literal out of range: {token.Text}");
                }

                return new LiteralSyntax(token.Position, CelValue.FromInt64(value));
            case TokenKind.UintLiteral or TokenKind.DoubleLiteral or TokenKind.StringLiteral or TokenKind.BytesLiteral
                or TokenKind.True or TokenKind.False or TokenKind.Null:
                Advance();
                return new LiteralSyntax(token.Position, token.Value);
            case TokenKind.Dot:
                Advance();
                return ParseIdentifierOrCall(Expect(TokenKind.Identifier, "an identifier after a leading '.'"));
            case TokenKind.Identifier:
                Advance();
                return ParseIdentifierOrCall(token);
            case TokenKind.LeftParen:
                Advance();
                var inner = ParseExpression();
                Expect(TokenKind.RightParen, "')'");
                return inner;
            case TokenKind.LeftBracket:
                Advance();
                return Checked(new ListSyntax(token.Position, ParseList()));
            case TokenKind.LeftBrace:
                Advance();
                return Checked(new MapSyntax(token.Position, ParseMapEntries()));
            case TokenKind.ReservedWord:
                throw new ExpressionSyntaxException(_source, token.Position, $"reserved identifier '{token.Text}'");
            case TokenKind.QuotedIdentifier:
                throw new ExpressionSyntaxException(_source, token.Position, "a quoted identifier is only allowed after '.'");
            default:
                throw Unexpected("an expression");
        }
    }

    private SyntaxNode ParseIdentifierOrCall(Token name)
    {
        if (Current.Kind == TokenKind.LeftParen)
        {
            return Checked(new CallSyntax(name.Position, null, name.Text, ParseArguments()));
        }

        if (Current.Kind == TokenKind.LeftBrace)
        {
            throw new ExpressionSyntaxException(_source, Current.Position, $"message construction '{name.Text}{{...}}' is not supported");
        }

        return new IdentSyntax(name.Position, name.Text);
    }

    private List<SyntaxNode> ParseArguments()
    {
        Expect(TokenKind.LeftParen, "'('");
        var args = new List<SyntaxNode>();
        if (Current.Kind != TokenKind.RightParen)
        {
            args.Add(ParseExpression());
            while (Current.Kind == TokenKind.Comma)
            {
                Advance();
                args.Add(ParseExpression());
            }
        }

        Expect(TokenKind.RightParen, args.Count == 0 ? "an argument or ')'" : "',' or ')'");
        return args;
    }

    private List<SyntaxNode> ParseList()
    {
        var items = new List<SyntaxNode>();
        while (Current.Kind != TokenKind.RightBracket)
        {
            items.Add(ParseExpression());
            if (Current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        Expect(TokenKind.RightBracket, items.Count == 0 ? "an expression or ']'" : "',' or ']'");
        return items;
    }

    private List<MapEntrySyntax> ParseMapEntries()
    {
        var entries = new List<MapEntrySyntax>();
        while (Current.Kind != TokenKind.RightBrace)
        {
            var key = ParseExpression();
            Expect(TokenKind.Colon, "':' after a map key");
            entries.Add(new MapEntrySyntax(key, ParseExpression()));
            if (Current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        Expect(TokenKind.RightBrace, entries.Count == 0 ? "a map entry or '}'" : "',' or '}'");
        return entries;
    }
}
