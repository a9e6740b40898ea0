namespace Steadfast.Server.AspNetCore.Sync;

/// <summary>SDK versions refused at sync, as Inngest refuses them (JS 3.22.0–3.53.1, a published vulnerability).</summary>
internal static class SdkVersionPolicy
{
    private static readonly Version DeniedFrom = new(3, 22, 0);
    private static readonly Version DeniedTo = new(3, 53, 1);

    /// <summary>Null when <paramref name="sdk"/> (<c>js:v3.30.0</c>) is allowed, else the reason.</summary>
    public static string? Deny(string? sdk)
    {
        if (string.IsNullOrEmpty(sdk))
        {
            return null;
        }

        var colon = sdk.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !sdk[..colon].Equals("js", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var text = sdk[(colon + 1)..].TrimStart('v', 'V');
        var dash = text.IndexOfAny(['-', '+']);
        if (dash >= 0)
        {
            text = text[..dash];
        }

        if (!Version.TryParse(text, out var version))
        {
            return null;
        }

        return version >= DeniedFrom && version <= DeniedTo
            ? $"SDK version {sdk} is not allowed: JS SDK versions 3.22.0 to 3.53.1 have a known vulnerability; upgrade to 3.53.2 or later"
            : null;
    }
}
