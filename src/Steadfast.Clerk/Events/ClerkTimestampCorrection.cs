namespace Steadfast.Clerk.Events;

/// <summary>How <see cref="ClerkEventMapper"/> adjusted the envelope timestamp to make the event <c>ts</c>. Anything but <see cref="None"/> deserves a warning log.</summary>
public enum ClerkTimestampCorrection
{
    /// <summary>The envelope timestamp (milliseconds) was used as is.</summary>
    None = 0,

    /// <summary>The timestamp was below 10^12, so it was read as seconds and multiplied by 1000.</summary>
    ConvertedFromSeconds,

    /// <summary>The timestamp lay further in the future than the allowed skew, so the current time was used (a future <c>ts</c> would park runs).</summary>
    ClampedToNow,

    /// <summary>The envelope had no timestamp, so the current time was used (Inngest's default for a missing <c>ts</c>).</summary>
    MissingUsedNow,
}
