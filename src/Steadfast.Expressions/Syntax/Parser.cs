namespace Steadfast.Expressions.Syntax;

/// <summary>
/// Recursive-descent parser for the CEL grammar (cel-spec langdef.md "Syntax"):
/// <code>
/// Expr   = Or ["?" Or ":" Expr]        Or = And {"||" And}       And = Rel {"&amp;&amp;" Rel}
/// Rel    = Add {("&lt;"|"&lt;="|"&gt;="|"&gt;"|"=="|"!="|"in") Add}
/// Add    = Mul {("+"|"-") Mul}          Mul = Unary {("*"|"/"|"%") Unary}
/// Unary  = Member | "!" {"!"} Member | "-" {"-"} Member
/// Member = Primary {"." IDENT ["(" [Args] ")"] | "[" Expr "]"}
/// Primary = ["."] IDENT ["(" [Args] ")"] | "(" Expr ")" | "[" [Exprs] [","] "]" | "{" [Entries] [","] "}" | LITERAL
/// </code>
/// </summary>
internal sealed partial class Parser
{
    private readonly string _source;
    private readonly List<Token> _tokens;
    private int _index;
    private int _depth;

    private Parser(string source, List<Token> tokens)
    {
        _source = source;
        _tokens = tokens;
    }

    private Token Current => _tokens[_index];

    /// <summary>Parses a whole expression; throws <see cref="ExpressionSyntaxException"/> on any error.</summary>
    public static SyntaxNode Parse(string source)
    {
        if (source.Length > ExpressionLimits.MaxExpressionLength)
        {
            throw new ExpressionSyntaxException(
                source, ExpressionLimits.MaxExpressionLength, $"expression is too long ({source.Length} characters, the limit is {ExpressionLimits.MaxExpressionLength})");
        }

        var parser = new Parser(source, new Lexer(source).Tokenize());
        var result = parser.ParseExpression();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Unexpected(parser.Current.Kind == TokenKind.RightParen ? "end of expression (unbalanced ')')" : "an operator or end of expression");
        }

        return result;
    }

    private SyntaxNode ParseExpression()
    {
        Enter();
        var condition = ParseOr();
        if (Current.Kind == TokenKind.Question)
        {
            var at = Advance().Position;
            var whenTrue = ParseOr();
            Expect(TokenKind.Colon, "':' of the conditional");
            var whenFalse = ParseExpression();
            condition = Checked(new ConditionalSyntax(at, condition, whenTrue, whenFalse));
        }

        _depth--;
        return condition;
    }

    private SyntaxNode ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind == TokenKind.OrOr)
        {
            var op = Advance();
            left = Checked(new BinarySyntax(op.Position, op.Kind, left, ParseAnd()));
        }

        return left;
    }

    private SyntaxNode ParseAnd()
    {
        var left = ParseRelation();
        while (Current.Kind == TokenKind.AndAnd)
        {
            var op = Advance();
            left = Checked(new BinarySyntax(op.Position, op.Kind, left, ParseRelation()));
        }

        return left;
    }

    private SyntaxNode ParseRelation()
    {
        var left = ParseAddition();
        while (Current.Kind is TokenKind.EqualEqual or TokenKind.BangEqual or TokenKind.Less or TokenKind.LessEqual
               or TokenKind.Greater or TokenKind.GreaterEqual or TokenKind.In)
        {
            var op = Advance();
            left = Checked(new BinarySyntax(op.Position, op.Kind, left, ParseAddition()));
        }

        return left;
    }

    private SyntaxNode ParseAddition()
    {
        var left = ParseMultiplication();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            left = Checked(new BinarySyntax(op.Position, op.Kind, left, ParseMultiplication()));
        }

        return left;
    }

    private SyntaxNode ParseMultiplication()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance();
            left = Checked(new BinarySyntax(op.Position, op.Kind, left, ParseUnary()));
        }

        return left;
    }

    private SyntaxNode ParseUnary()
    {
        if (Current.Kind == TokenKind.Minus && _tokens[_index + 1].Kind == TokenKind.IntLiteral)
        {
            // -9223372036854775808 is only representable with its sign, so fold it into the literal.
            var minus = Advance();
            var literal = Advance();
            if (!Lexer.TryParseInt(literal.Text, negative: true, out var negative))
            {
                throw new ExpressionSyntaxException(_source, minus.Position, $"int literal out of range: -{literal.Text}");
            }

            return ParseMemberSuffix(new LiteralSyntax(minus.Position, CelValue.FromInt64(negative)));
        }

        if (Current.Kind is TokenKind.Bang or TokenKind.Minus)
        {
            // Collected iteratively: a long run of '!' must not recurse once per character.
            var operators = new Stack<Token>();
            while (Current.Kind is TokenKind.Bang or TokenKind.Minus && !(Current.Kind == TokenKind.Minus && _tokens[_index + 1].Kind == TokenKind.IntLiteral))
            {
                operators.Push(Advance());
            }

            var operand = ParseUnary();
            while (operators.Count > 0)
            {
                var op = operators.Pop();
                operand = Checked(new UnarySyntax(op.Position, op.Kind, operand));
            }

            return operand;
        }

        return ParseMemberSuffix(ParsePrimary());
    }

    private Token Advance()
    {
        var token = _tokens[_index];
        if (_index < _tokens.Count - 1)
        {
            _index++;
        }

        return token;
    }

    private Token Expect(TokenKind kind, string expected)
    {
        if (Current.Kind != kind)
        {
            throw Unexpected(expected);
        }

        return Advance();
    }

    private void Enter()
    {
        if (++_depth > ExpressionLimits.MaxNestingDepth)
        {
            throw new ExpressionSyntaxException(_source, Current.Position, $"expression nests deeper than {ExpressionLimits.MaxNestingDepth} levels");
        }
    }

    private T Checked<T>(T node)
        where T : SyntaxNode
    {
        if (node.Height > ExpressionLimits.MaxTreeHeight)
        {
            throw new ExpressionSyntaxException(
                _source, node.Position, $"expression is too deeply nested (more than {ExpressionLimits.MaxTreeHeight} operations in a chain)");
        }

        return node;
    }

    private ExpressionSyntaxException Unexpected(string expected) =>
        Current.Kind == TokenKind.End
            ? new ExpressionSyntaxException(_source, Current.Position, "unexpected end of expression", expected)
            : new ExpressionSyntaxException(_source, Current.Position, $"unexpected token {Current.Describe()}", expected);
}
