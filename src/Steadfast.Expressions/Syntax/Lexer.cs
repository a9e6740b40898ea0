namespace Steadfast.Expressions.Syntax;

/// <summary>Splits CEL source into tokens (cel-spec "Syntax": identifiers, literals, operators, // comments).</summary>
internal sealed partial class Lexer
{
    private static readonly HashSet<string> s_reserved =
    [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
        "package", "namespace", "return", "var", "void", "while",
    ];

    private readonly string _source;
    private int _pos;

    public Lexer(string source) => _source = source;

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        while (true)
        {
            var token = Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.End)
            {
                return tokens;
            }
        }
    }

    private Token Next()
    {
        SkipWhitespaceAndComments();
        if (_pos >= _source.Length)
        {
            return new Token(TokenKind.End, _source.Length, string.Empty);
        }

        var start = _pos;
        var c = _source[_pos];
        if (IsStringStart())
        {
            return ReadString();
        }

        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _source.Length && char.IsAsciiDigit(_source[_pos + 1])))
        {
            return ReadNumber();
        }

        if (c == '_' || char.IsAsciiLetter(c))
        {
            while (_pos < _source.Length && (_source[_pos] == '_' || char.IsAsciiLetterOrDigit(_source[_pos])))
            {
                _pos++;
            }

            var text = _source[start.._pos];
            return text switch
            {
                "true" => new Token(TokenKind.True, start, text, CelValue.True),
                "false" => new Token(TokenKind.False, start, text, CelValue.False),
                "null" => new Token(TokenKind.Null, start, text, CelValue.Null),
                "in" => new Token(TokenKind.In, start, text),
                _ when s_reserved.Contains(text) => new Token(TokenKind.ReservedWord, start, text),
                _ => new Token(TokenKind.Identifier, start, text),
            };
        }

        if (c == '`')
        {
            return ReadQuotedIdentifier(start);
        }

        return ReadOperator(start, c);
    }

    private Token ReadOperator(int start, char c)
    {
        var next = _pos + 1 < _source.Length ? _source[_pos + 1] : '\0';
        (TokenKind Kind, int Length) op = c switch
        {
            '(' => (TokenKind.LeftParen, 1),
            ')' => (TokenKind.RightParen, 1),
            '[' => (TokenKind.LeftBracket, 1),
            ']' => (TokenKind.RightBracket, 1),
            '{' => (TokenKind.LeftBrace, 1),
            '}' => (TokenKind.RightBrace, 1),
            '.' => (TokenKind.Dot, 1),
            ',' => (TokenKind.Comma, 1),
            ':' => (TokenKind.Colon, 1),
            '?' => (TokenKind.Question, 1),
            '+' => (TokenKind.Plus, 1),
            '-' => (TokenKind.Minus, 1),
            '*' => (TokenKind.Star, 1),
            '/' => (TokenKind.Slash, 1),
            '%' => (TokenKind.Percent, 1),
            '!' when next == '=' => (TokenKind.BangEqual, 2),
            '!' => (TokenKind.Bang, 1),
            '=' when next == '=' => (TokenKind.EqualEqual, 2),
            '<' when next == '=' => (TokenKind.LessEqual, 2),
            '<' => (TokenKind.Less, 1),
            '>' when next == '=' => (TokenKind.GreaterEqual, 2),
            '>' => (TokenKind.Greater, 1),
            '&' when next == '&' => (TokenKind.AndAnd, 2),
            '|' when next == '|' => (TokenKind.OrOr, 2),
            '=' => throw Error(start, "unexpected character '='", "'==' (CEL has no assignment)"),
            '&' => throw Error(start, "unexpected character '&'", "'&&'"),
            '|' => throw Error(start, "unexpected character '|'", "'||'"),
            _ => throw Error(start, $"unexpected character {DescribeChar(c)}"),
        };
        _pos += op.Length;
        return new Token(op.Kind, start, _source.Substring(start, op.Length));
    }

    /// <summary>A backtick-quoted field name, <c>a.`b-c`</c> (cel-spec: only after a dot).</summary>
    private Token ReadQuotedIdentifier(int start)
    {
        var end = _source.IndexOf('`', start + 1);
        if (end < 0 || _source.AsSpan(start + 1, end - start - 1).ContainsAny('\n', '\r'))
        {
            throw Error(start, "unterminated quoted identifier", "closing `");
        }

        _pos = end + 1;
        var name = _source[(start + 1)..end];
        return new Token(TokenKind.QuotedIdentifier, start, _source[start.._pos], CelValue.FromString(name));
    }

    private void SkipWhitespaceAndComments()
    {
        while (_pos < _source.Length)
        {
            var c = _source[_pos];
            if (c is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _source.Length && _source[_pos + 1] == '/')
            {
                while (_pos < _source.Length && _source[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private static string DescribeChar(char c) =>
        c < 0x20 || c > 0x7e ? $"U+{(int)c:X4}" : $"'{c}'";

    private ExpressionSyntaxException Error(int position, string reason, string? expected = null) =>
        new(_source, position, reason, expected);
}
