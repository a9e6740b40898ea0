using System.Globalization;

namespace Steadfast.Clerk.Svix;

/// <summary>Parses the timestamp header strictly: ASCII digits only, no sign, spaces or trailing text.</summary>
internal static class TimestampHeader
{
    // 18 digits always fit in a long; longer values are far outside any tolerance anyway.
    private const int MaxDigits = 18;

    public static bool TryParse(string text, out long seconds)
    {
        seconds = 0;
        if (text.Length is 0 or > MaxDigits)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds);
    }
}
