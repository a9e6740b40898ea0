namespace Steadfast.Clerk.Transforms;

/// <summary>
/// Canonicalizes header names the way Go's <c>textproto.CanonicalMIMEHeaderKey</c> does, which is what Inngest passes
/// to transforms: first letter and letters after a hyphen upper case, the rest lower case (<c>svix-id</c> → <c>Svix-Id</c>).
/// Names with characters outside the token set are left unchanged, as Go does.
/// </summary>
internal static class HeaderCanonicalizer
{
    public static string Canonicalize(string name)
    {
        foreach (var c in name)
        {
            if (!IsTokenChar(c))
            {
                return name;
            }
        }

        return string.Create(name.Length, name, static (span, source) =>
        {
            var upper = true;
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c);
                upper = c == '-';
            }
        });
    }

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
