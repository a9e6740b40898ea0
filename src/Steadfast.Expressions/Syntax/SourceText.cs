namespace Steadfast.Expressions.Syntax;

/// <summary>Turns 0-based offsets into 1-based line and column numbers.</summary>
internal static class SourceText
{
    public static (int Line, int Column) LineColumn(string source, int position)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < position && i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }
}
