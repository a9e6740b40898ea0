using System.Globalization;
using System.Security.Cryptography;

namespace Steadfast.Sdk.AspNetCore.Events;

/// <summary>
/// The <c>x-inngest-event-id-seed</c> value, <c>&lt;unix ms&gt;,&lt;base64 of 10 random bytes&gt;</c> (reference §6.1): the
/// server derives event ids from it, so resending the same request after a lost answer yields the same ids.
/// </summary>
internal static class EventIdSeed
{
    public static string Create(TimeProvider time)
    {
        Span<byte> entropy = stackalloc byte[10];
        RandomNumberGenerator.Fill(entropy);
        return time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "," + Convert.ToBase64String(entropy);
    }
}
