namespace Steadfast.Server.AspNetCore.Sync;

/// <summary>
/// URL normalization as Inngest does it (reference §2.2): drop the <c>deployId</c> and <c>probe</c> query parameters,
/// map <c>127.0.0.1</c>/<c>0.0.0.0</c> to <c>localhost</c>, drop default ports.
/// </summary>
internal static class SyncUrls
{
    private static readonly string[] InternalParameters = ["deployId", "probe"];

    public static bool TryNormalize(string? url, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }

        var builder = new UriBuilder(uri);
        if (builder.Host is "127.0.0.1" or "0.0.0.0" or "[::1]" or "::1")
        {
            builder.Host = "localhost";
        }

        if (uri.IsDefaultPort)
        {
            builder.Port = -1;
        }

        var kept = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !InternalParameters.Contains(Uri.UnescapeDataString(p.Split('=')[0]), StringComparer.Ordinal));
        builder.Query = string.Join('&', kept);
        normalized = builder.Uri.ToString();
        return true;
    }

    public static string Normalize(string url) => TryNormalize(url, out var n) ? n : url;
}
