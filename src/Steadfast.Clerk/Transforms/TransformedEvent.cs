using System.Text.Json;

namespace Steadfast.Clerk.Transforms;

/// <summary>An event produced by a webhook transform, in Inngest's event format.</summary>
/// <param name="Name">The event name; never empty.</param>
/// <param name="Data">The event data, a JSON object (<c>{}</c> when the transform gave none).</param>
/// <param name="Id">The event id (deduplication key), when the transform set one.</param>
/// <param name="Ts">The event time in Unix milliseconds, when the transform set one; otherwise receipt time applies.</param>
public sealed record TransformedEvent(string Name, JsonElement Data, string? Id, long? Ts)
{
    /// <summary>Gets the event's <c>user</c> object, when the transform set one.</summary>
    public JsonElement? User { get; init; }

    /// <summary>Gets the event's version string <c>v</c>, when the transform set one.</summary>
    public string? Version { get; init; }
}
