using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Steadfast.Clerk.AspNetCore;

/// <summary>
/// A request body read into a pooled buffer with a bound: at most one byte more than the limit is read, so an oversized
/// body is detected without buffering it. Dispose returns the buffer.
/// </summary>
internal sealed class WebhookBody : IDisposable
{
    private byte[]? _buffer;

    private WebhookBody(byte[] buffer, int length, bool tooLarge)
    {
        _buffer = buffer;
        Length = length;
        IsTooLarge = tooLarge;
    }

    public int Length { get; }

    /// <summary>Gets a value indicating whether the body is larger than the limit (then its bytes are incomplete).</summary>
    public bool IsTooLarge { get; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>Reads the body, at most <paramref name="maxBytes"/> + 1 bytes.</summary>
    public static async Task<WebhookBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        // The endpoint's own limit is the one that applies (Kestrel's default is 30 MB): it is enforced below.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = (long)maxBytes + 1;
        }

        var limit = maxBytes + 1;
        var initial = request.ContentLength is long declared ? (int)Math.Min(declared + 1, limit) : Math.Min(16 * 1024, limit);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 1));
        var total = 0;
        try
        {
            while (total < limit)
            {
                if (total == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length, limit) - total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new WebhookBody(buffer, total, tooLarge: true);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new WebhookBody(buffer, total, tooLarge: total > maxBytes);
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
