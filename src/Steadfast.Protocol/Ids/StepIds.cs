using System.Security.Cryptography;
using System.Text;

namespace Steadfast.Protocol.Ids;

/// <summary>
/// Step-id hashing exactly as the official SDKs do it: lower-case hex SHA-1 of the UTF-8 user id,
/// with repeats of the same id in one run suffixed <c>:1</c>, <c>:2</c>, ... before hashing.
/// </summary>
public static class StepIds
{
    /// <summary>The hashed id of the discovery call ("step").</summary>
    public const string Discovery = "step";

    /// <summary>Returns the lower-case hex SHA-1 of <paramref name="userId"/>.</summary>
    public static string Hash(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        Span<byte> hash = stackalloc byte[20];
        var max = Encoding.UTF8.GetMaxByteCount(userId.Length);
        byte[]? rented = null;
        var buffer = max <= 512 ? stackalloc byte[max] : (rented = new byte[max]);
        var written = Encoding.UTF8.GetBytes(userId, buffer);
        SHA1.HashData(buffer[..written], hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The user-visible id for the <paramref name="index"/>-th use (0-based) of <paramref name="userId"/>.</summary>
    public static string WithCollisionIndex(string userId, int index) =>
        index == 0 ? userId : string.Concat(userId, ":", index.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
