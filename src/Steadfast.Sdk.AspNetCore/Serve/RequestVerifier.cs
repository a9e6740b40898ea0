using System.Text.Json;
using Steadfast.Protocol.Json;
using Steadfast.Protocol.Signing;

namespace Steadfast.Sdk.AspNetCore;

/// <summary>Checks <c>X-Inngest-Signature</c> on requests to the serve endpoint (reference §7).</summary>
internal static class RequestVerifier
{
    /// <summary>
    /// Returns the key (primary or fallback) that verifies <paramref name="header"/> over the raw
    /// <paramref name="body"/> bytes, or, when they were re-formatted on the way (a proxy, a pretty-printer), over
    /// the JCS form of the parsed body, which is what the server signed. Null with the reason when none does.
    /// </summary>
    public static SigningKey? Verify(ServeSettings settings, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, out string error)
    {
        var key = RequestSigner.Verify(header, body, now, settings.Keys, out error);
        if (key is not null || body.IsEmpty || !RequestSigner.TryParseHeader(header, out _, out _))
        {
            return key;
        }

        byte[] canonical;
        try
        {
            canonical = JcsCanonicalizer.Canonicalize(body);
        }
        catch (JsonException)
        {
            return null;
        }

        if (canonical.AsSpan().SequenceEqual(body))
        {
            return null;
        }

        var again = RequestSigner.Verify(header, canonical, now, settings.Keys, out var second);
        if (again is not null)
        {
            error = "";
        }
        else if (error.Length == 0)
        {
            error = second;
        }

        return again;
    }
}
