using System.Globalization;
using System.Text;

namespace Steadfast.Expressions.Syntax;

internal sealed partial class Lexer
{
    private bool IsStringStart()
    {
        var i = _pos;
        var prefixes = 0;
        while (i < _source.Length && prefixes < 2 && _source[i] is 'r' or 'R' or 'b' or 'B')
        {
            i++;
            prefixes++;
        }

        if (i >= _source.Length || _source[i] is not ('"' or '\''))
        {
            return false;
        }

        var prefix = _source[_pos..i].ToLowerInvariant();
        return prefix is "" or "r" or "b" or "rb" or "br";
    }

    /// <summary>
    /// Reads <c>'...'</c>, <c>"..."</c>, triple-quoted, raw (<c>r"..."</c>) and bytes (<c>b"..."</c>)
    /// literals with CEL escapes: <c>\a \b \f \n \r \t \v \\ \' \" \` \?</c>, <c>\xHH</c>,
    /// <c>\uHHHH</c>, <c>\UHHHHHHHH</c> and octal <c>\ooo</c>.
    /// </summary>
    private Token ReadString()
    {
        var start = _pos;
        var raw = false;
        var bytes = false;
        while (_source[_pos] is not ('"' or '\''))
        {
            raw |= _source[_pos] is 'r' or 'R';
            bytes |= _source[_pos] is 'b' or 'B';
            _pos++;
        }

        var quote = _source[_pos];
        var triple = _pos + 2 < _source.Length && _source[_pos + 1] == quote && _source[_pos + 2] == quote;
        _pos += triple ? 3 : 1;

        var text = new StringBuilder();
        var octets = bytes ? new List<byte>() : null;
        while (true)
        {
            if (_pos >= _source.Length)
            {
                throw Error(start, "unterminated string literal", triple ? $"closing {new string(quote, 3)}" : $"closing {quote}");
            }

            var c = _source[_pos];
            if (c == quote && (!triple || (_pos + 2 < _source.Length && _source[_pos + 1] == quote && _source[_pos + 2] == quote)))
            {
                _pos += triple ? 3 : 1;
                break;
            }

            if (!triple && c is '\n' or '\r')
            {
                throw Error(_pos, "newline in string literal", $"closing {quote} (use a triple-quoted string for several lines)");
            }

            if (c == '\\' && !raw)
            {
                ReadEscape(text, octets);
                continue;
            }

            if (c == '\\' && raw && _pos + 1 < _source.Length && _source[_pos + 1] == quote)
            {
                // In a raw string \" keeps both characters but does not end the string.
                AppendChars(text, octets, _source.AsSpan(_pos, 2));
                _pos += 2;
                continue;
            }

            AppendChars(text, octets, _source.AsSpan(_pos, 1));
            _pos++;
        }

        var source = _source[start.._pos];
        if (octets is not null)
        {
            FlushText(text, octets);
            return new Token(TokenKind.BytesLiteral, start, source, CelValue.FromBytes(octets.ToArray()));
        }

        return new Token(TokenKind.StringLiteral, start, source, CelValue.FromString(text.ToString()));
    }

    private void ReadEscape(StringBuilder text, List<byte>? octets)
    {
        var at = _pos;
        if (_pos + 1 >= _source.Length)
        {
            throw Error(at, "unterminated escape sequence");
        }

        var e = _source[_pos + 1];
        _pos += 2;
        switch (e)
        {
            case 'a': AppendChars(text, octets, "\a"); return;
            case 'b': AppendChars(text, octets, "\b"); return;
            case 'f': AppendChars(text, octets, "\f"); return;
            case 'n': AppendChars(text, octets, "\n"); return;
            case 'r': AppendChars(text, octets, "\r"); return;
            case 't': AppendChars(text, octets, "\t"); return;
            case 'v': AppendChars(text, octets, "\v"); return;
            case '\\' or '\'' or '"' or '`' or '?': AppendChars(text, octets, e.ToString()); return;
            case 'x' or 'X':
                AppendByteOrCodePoint(text, octets, ReadHex(at, 2));
                return;
            case 'u':
                AppendCodePoint(text, octets, ReadHex(at, 4), at);
                return;
            case 'U':
                AppendCodePoint(text, octets, ReadHex(at, 8), at);
                return;
            case >= '0' and <= '3':
                if (_pos + 1 < _source.Length && _source[_pos] is >= '0' and <= '7' && _source[_pos + 1] is >= '0' and <= '7')
                {
                    var value = ((e - '0') * 64) + ((_source[_pos] - '0') * 8) + (_source[_pos + 1] - '0');
                    _pos += 2;
                    AppendByteOrCodePoint(text, octets, value);
                    return;
                }

                throw Error(at, "invalid octal escape sequence", "three octal digits such as \\101");
            default:
                throw Error(at, $"invalid escape sequence '\\{e}'");
        }
    }

    private int ReadHex(int escapeStart, int digits)
    {
        if (_pos + digits > _source.Length ||
            !int.TryParse(_source.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) ||
            value < 0)
        {
            throw Error(escapeStart, "invalid hexadecimal escape sequence", $"{digits} hexadecimal digits");
        }

        _pos += digits;
        return value;
    }

    private void AppendCodePoint(StringBuilder text, List<byte>? octets, int codePoint, int at)
    {
        if (codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
        {
            throw Error(at, $"invalid Unicode code point U+{codePoint:X}");
        }

        AppendChars(text, octets, char.ConvertFromUtf32(codePoint));
    }

    /// <summary>\x and octal escapes are bytes in a bytes literal and code points U+0000..U+00FF in a string.</summary>
    private static void AppendByteOrCodePoint(StringBuilder text, List<byte>? octets, int value)
    {
        if (octets is null)
        {
            text.Append((char)value);
            return;
        }

        FlushText(text, octets);
        octets.Add((byte)value);
    }

    private static void AppendChars(StringBuilder text, List<byte>? octets, ReadOnlySpan<char> chars)
    {
        text.Append(chars);
        if (octets is not null && !char.IsHighSurrogate(chars[^1]))
        {
            FlushText(text, octets);
        }
    }

    /// <summary>Moves pending characters of a bytes literal into its octets, UTF-8 encoded.</summary>
    private static void FlushText(StringBuilder text, List<byte> octets)
    {
        if (text.Length > 0)
        {
            octets.AddRange(Encoding.UTF8.GetBytes(text.ToString()));
            text.Clear();
        }
    }
}
