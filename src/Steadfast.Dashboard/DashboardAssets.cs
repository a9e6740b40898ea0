using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Steadfast.Dashboard;

/// <summary>The embedded files, read once: bytes, content type and a strong ETag each.</summary>
internal sealed class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private DashboardAssets(FrozenDictionary<string, Asset> files) => Files = files;

    public static DashboardAssets Instance { get; } = Load();

    public FrozenDictionary<string, Asset> Files { get; }

    public Asset? Get(string path) => Files.GetValueOrDefault(path);

    private static DashboardAssets Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var path = name[Prefix.Length..].Replace('\\', '/');
            files[path] = new Asset(bytes, ContentType(path), "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
        }

        return new DashboardAssets(files.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    internal sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
