using System.Security.Cryptography;
using System.Text.Json;
using Steadfast.Protocol.Json;
using Steadfast.Protocol.Sync;

namespace Steadfast.Server.AspNetCore.Sync;

/// <summary>
/// The checksum of a sync: SHA-256 of the JCS form of what the server keeps (app id, URL, SDK, framework, functions), so
/// an unchanged app gives the same checksum whether it synced in-band or out-of-band.
/// </summary>
internal static class SyncChecksum
{
    public static string Compute(AppSync sync)
    {
        var shape = new RegisterRequest
        {
            AppName = sync.AppId,
            Url = SyncUrls.Normalize(sync.Url),
            Sdk = sync.Sdk,
            Framework = sync.Framework,
            Functions = [.. sync.Functions],
        };
        var json = JsonSerializer.SerializeToElement(shape, ProtocolJsonContext.Default.RegisterRequest);
        return Convert.ToHexStringLower(SHA256.HashData(JcsCanonicalizer.Canonicalize(json)));
    }
}
