namespace Steadfast.Clerk.Svix;

/// <summary>Limits and tolerances of <see cref="SvixSignatureVerifier"/>. The defaults suit Clerk deliveries.</summary>
public sealed class SvixVerificationOptions
{
    /// <summary>The default timestamp tolerance, five minutes either way (the value of every Svix library).</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how far the signed timestamp may lie from now, in either direction; the boundary is inclusive.
    /// Default five minutes. Must be positive; whole seconds are used.
    /// </summary>
    public TimeSpan Tolerance { get; set; } = DefaultTolerance;

    /// <summary>
    /// Gets or sets the largest body, in bytes, that is hashed. Default 1 MiB (1,048,576 bytes, inclusive). Hosts should
    /// enforce the same limit while reading the request so the body is never buffered unbounded.
    /// </summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the longest accepted value of the id, timestamp or signature header, in characters. Default 4096.</summary>
    public int MaxHeaderLength { get; set; } = 4096;

    /// <summary>Gets or sets the most space-separated entries accepted in one signature header. Default 16.</summary>
    public int MaxSignatures { get; set; } = 16;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive or the tolerance is shorter than one second.</exception>
    public void Validate()
    {
        if (Tolerance < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "The timestamp tolerance must be at least one second.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBodyBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxHeaderLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSignatures);
    }
}
