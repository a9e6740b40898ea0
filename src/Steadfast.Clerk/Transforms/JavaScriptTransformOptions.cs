namespace Steadfast.Clerk.Transforms;

/// <summary>Sandbox limits of <see cref="JavaScriptWebhookTransform"/>.</summary>
public sealed class JavaScriptTransformOptions
{
    /// <summary>Gets or sets the wall-clock limit for one call (top-level code plus the <c>transform</c> call). Default 100 ms.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets the most bytes one run of the script may allocate. Default 16 MiB.</summary>
    public long MemoryLimitBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Gets or sets the deepest call recursion allowed. Default 64.</summary>
    public int RecursionLimit { get; set; } = 64;

    /// <summary>Gets or sets the longest accepted script, in characters. Default 64 KiB.</summary>
    public int MaxScriptLength { get; set; } = 64 * 1024;

    /// <summary>Gets or sets the largest accepted result, as JSON bytes. Default 1 MiB.</summary>
    public int MaxResultBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the most events one call may return. Default 100.</summary>
    public int MaxEvents { get; set; } = 100;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MemoryLimitBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(RecursionLimit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxScriptLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxResultBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxEvents);
    }
}
