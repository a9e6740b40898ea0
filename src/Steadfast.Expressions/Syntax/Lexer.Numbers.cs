using System.Globalization;

namespace Steadfast.Expressions.Syntax;

internal sealed partial class Lexer
{
    /// <summary>
    /// Reads an int (<c>42</c>, <c>0x1F</c>), uint (<c>42u</c>) or double (<c>1.5</c>, <c>.5</c>,
    /// <c>1e3</c>) literal. Int literals keep their text: whether they fit depends on a preceding
    /// minus sign, which the parser folds in (<c>-9223372036854775808</c> is valid).
    /// </summary>
    private Token ReadNumber()
    {
        var start = _pos;
        if (_source[_pos] == '0' && _pos + 1 < _source.Length && _source[_pos + 1] is 'x' or 'X')
        {
            _pos += 2;
            var digitsStart = _pos;
            while (_pos < _source.Length && char.IsAsciiHexDigit(_source[_pos]))
            {
                _pos++;
            }

            if (_pos == digitsStart)
            {
                throw Error(start, "invalid hexadecimal literal", "hexadecimal digits after '0x'");
            }

            return IntegerToken(start);
        }

        var isDouble = false;
        SkipDigits();
        if (_pos < _source.Length && _source[_pos] == '.' && _pos + 1 < _source.Length && char.IsAsciiDigit(_source[_pos + 1]))
        {
            isDouble = true;
            _pos++;
            SkipDigits();
        }

        if (_pos < _source.Length && _source[_pos] is 'e' or 'E')
        {
            var save = _pos;
            _pos++;
            if (_pos < _source.Length && _source[_pos] is '+' or '-')
            {
                _pos++;
            }

            if (_pos < _source.Length && char.IsAsciiDigit(_source[_pos]))
            {
                isDouble = true;
                SkipDigits();
            }
            else
            {
                _pos = save;
                throw Error(save, "invalid exponent in number literal", "digits after the exponent");
            }
        }

        if (!isDouble)
        {
            return IntegerToken(start);
        }

        var text = _source[start.._pos];
        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new Token(TokenKind.DoubleLiteral, start, text, CelValue.FromDouble(value));
    }

    private Token IntegerToken(int start)
    {
        if (_pos < _source.Length && _source[_pos] is 'u' or 'U')
        {
            var digits = _source[start.._pos];
            _pos++;
            if (!TryParseUnsigned(digits, out var u))
            {
                throw Error(start, $"uint literal out of range: {digits}u");
            }

            RejectIdentifierTail();
            return new Token(TokenKind.UintLiteral, start, _source[start.._pos], CelValue.FromUInt64(u));
        }

        RejectIdentifierTail();
        return new Token(TokenKind.IntLiteral, start, _source[start.._pos]);
    }

    /// <summary>Parses an int literal's digits, negated when <paramref name="negative"/>; false when out of range.</summary>
    public static bool TryParseInt(string text, bool negative, out long value)
    {
        value = 0;
        if (!TryParseUnsigned(text, out var magnitude))
        {
            return false;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = unchecked(-(long)magnitude);
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    private static bool TryParseUnsigned(string text, out ulong value) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private void RejectIdentifierTail()
    {
        if (_pos < _source.Length && (_source[_pos] == '_' || char.IsAsciiLetterOrDigit(_source[_pos])))
        {
            throw Error(_pos, $"unexpected character '{_source[_pos]}' in number literal");
        }
    }

    private void SkipDigits()
    {
        while (_pos < _source.Length && char.IsAsciiDigit(_source[_pos]))
        {
            _pos++;
        }
    }
}
