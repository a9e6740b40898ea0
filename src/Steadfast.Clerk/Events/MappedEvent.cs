using System.Text.Json;

namespace Steadfast.Clerk.Events;

/// <summary>
/// The event a Clerk webhook becomes: <c>{"name": "clerk/&lt;type&gt;", "data": &lt;envelope data, unchanged&gt;, "id": &lt;svix-id&gt;, "ts": &lt;ms&gt;}</c>.
/// </summary>
/// <param name="Name">The event name, <c>clerk/</c> plus the Clerk type in its original case.</param>
/// <param name="Data">The envelope's <c>data</c>, byte-for-byte as sent (<see cref="JsonElement.GetRawText"/>); independent of the input buffer.</param>
/// <param name="Id">The event id, the <c>svix-id</c> header: stable across Svix retries, so it deduplicates them.</param>
/// <param name="Ts">The event time in Unix milliseconds, from the envelope <c>timestamp</c> (see <see cref="TimestampCorrection"/>).</param>
public sealed record MappedEvent(string Name, JsonElement Data, string Id, long Ts)
{
    /// <summary>Gets how the envelope timestamp was adjusted to make <see cref="Ts"/>; <see cref="ClerkTimestampCorrection.None"/> normally.</summary>
    public ClerkTimestampCorrection TimestampCorrection { get; init; }
}
