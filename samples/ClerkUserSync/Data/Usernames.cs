using System.Text;

namespace ClerkUserSync.Data;

/// <summary>
/// Usernames from the primary email's local part (<c>Ada.Quill+x@example.com</c> → <c>ada.quill</c>), made unique with
/// the smallest free numeric suffix (<c>ada</c>, <c>ada2</c>, <c>ada3</c>) — decided inside the writing transaction,
/// never by random guessing.
/// </summary>
public static class Usernames
{
    public const int MaxLength = 32;

    /// <summary>The base name: the email's local part (before any <c>+tag</c>), else Clerk's username, else <c>user</c>; lower case, [a-z0-9._-].</summary>
    public static string Base(string? email, string? clerkUsername)
    {
        var local = email is { } e && e.IndexOf('@', StringComparison.Ordinal) is > 0 and var at ? e[..at] : null;
        if (local is not null && local.IndexOf('+', StringComparison.Ordinal) is > 0 and var plus)
        {
            local = local[..plus];
        }

        return Clean(local) ?? Clean(clerkUsername) ?? "user";
    }

    /// <summary>The first of <c>base</c>, <c>base2</c>, <c>base3</c>, ... not in <paramref name="taken"/>.</summary>
    public static string FirstFree(string baseName, IReadOnlySet<string> taken)
    {
        if (!taken.Contains(baseName))
        {
            return baseName;
        }

        for (var n = 2; ; n++)
        {
            var candidate = baseName + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var sb = new StringBuilder(Math.Min(text.Length, MaxLength));
        foreach (var c in text.ToLowerInvariant())
        {
            if (sb.Length == MaxLength)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            {
                sb.Append(c);
            }
        }

        var result = sb.ToString().Trim('.', '-', '_');
        return result.Length == 0 ? null : result;
    }
}
