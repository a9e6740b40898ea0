using Steadfast.Protocol.Events;

namespace Steadfast.Sdk;

/// <summary>Sends events to the engine: in-process, or over HTTP to <c>POST /e/{key}</c>.</summary>
public interface IEventSender
{
    /// <summary>Sends events; returns their ids in order once they are committed.</summary>
    Task<IReadOnlyList<string>> SendAsync(IReadOnlyList<EventPayload> events, CancellationToken cancellationToken = default);
}
