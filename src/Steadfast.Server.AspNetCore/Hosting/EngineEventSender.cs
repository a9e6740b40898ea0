using System.Text.Json;
using Steadfast.Engine.Events;
using Steadfast.Protocol.Events;
using Steadfast.Protocol.Json;
using Steadfast.Sdk;

namespace Steadfast.Server.AspNetCore;

/// <summary>Sends events from in-process functions and application code straight into the engine.</summary>
internal sealed class EngineEventSender(EventIngestor ingestor) : IEventSender
{
    public Task<IReadOnlyList<string>> SendAsync(IReadOnlyList<EventPayload> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var elements = new JsonElement[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            elements[i] = JsonSerializer.SerializeToElement(events[i], ProtocolJsonContext.Default.EventPayload);
        }

        return ingestor.IngestAsync(elements, null, cancellationToken);
    }
}
