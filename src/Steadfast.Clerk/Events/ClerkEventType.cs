namespace Steadfast.Clerk.Events;

/// <summary>The safe pattern for Clerk event types: <c>^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+$</c>, at most 128 characters.</summary>
internal static class ClerkEventType
{
    public const int MaxLength = 128;

    public static bool IsSafe(string type)
    {
        if (type.Length is 0 or > MaxLength)
        {
            return false;
        }

        var segments = 0;
        var segmentLength = 0;
        foreach (var c in type)
        {
            if (c == '.')
            {
                if (segmentLength == 0)
                {
                    return false;
                }

                segments++;
                segmentLength = 0;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                segmentLength++;
            }
            else
            {
                return false;
            }
        }

        return segmentLength > 0 && segments >= 1;
    }
}
