using Steadfast.Protocol.Events;
using Steadfast.Protocol.Ids;

namespace Steadfast.Sdk.Testing;

/// <summary>The harness's event sender: accepts every event, gives it an id and a timestamp, and records it.</summary>
internal sealed class RecordingEventSender(TimeProvider time, UlidGenerator ids, Action<EventPayload> record) : IEventSender
{
    public Task<IReadOnlyList<string>> SendAsync(IReadOnlyList<EventPayload> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var sent = new List<string>(events.Count);
        foreach (var e in events)
        {
            var id = ids.Next();
            record(EventJson.Normalize(e, id, time));
            sent.Add(id);
        }

        return Task.FromResult<IReadOnlyList<string>>(sent);
    }
}
