using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Ids;

namespace Steadfast.Engine.Events;

/// <summary>
/// The way in for events: validate every event of a request first (all or nothing), normalize, commit the events
/// and their runs in one transaction, then wake the scheduler. Returning means committed.
/// </summary>
public sealed class EventIngestor
{
    private readonly IEngineStore _store;
    private readonly RunPlanner _planner;
    private readonly UlidGenerator _ids;
    private readonly TimeProvider _time;
    private readonly EngineOptions _options;
    private readonly IWorkSignal _signal;
    private readonly EngineNotifications _notifications;

    /// <summary>Creates the ingestor.</summary>
    public EventIngestor(IEngineStore store, RunPlanner planner, UlidGenerator ids, TimeProvider time, EngineOptions options, IWorkSignal signal, EngineNotifications notifications)
    {
        _store = store;
        _planner = planner;
        _ids = ids;
        _time = time;
        _options = options;
        _signal = signal;
        _notifications = notifications;
    }

    /// <summary>
    /// Accepts events. <paramref name="idSeed"/> is the SDK's <c>x-inngest-event-id-seed</c> header: when valid, the
    /// internal ids are derived from it so a retried request yields the same ids and starts no new runs.
    /// Throws <see cref="EventRejectedException"/> for bad input; nothing is written then.
    /// </summary>
    public async Task<IReadOnlyList<string>> IngestAsync(IReadOnlyList<JsonElement> events, string? idSeed = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count > _options.MaxEventsPerRequest)
        {
            throw new EventRejectedException(413, $"a request holds at most {_options.MaxEventsPerRequest} events, got {events.Count}");
        }

        for (var i = 0; i < events.Count; i++)
        {
            EventNormalizer.Validate(events[i], i, _options.MaxEventBytes, allowInternal: false);
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var seed = ParseSeed(idSeed);
        var commit = new EventCommit();
        var ids = new string[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var internalId = seed is { } s ? SeededId(s.Ms, s.Entropy, i + 1) : _ids.Next();
            var stored = EventNormalizer.Normalize(events[i], internalId, now);
            using var doc = JsonDocument.Parse(stored.Json);
            _planner.Plan(stored, doc.RootElement, now, commit);
            ids[i] = internalId;
        }

        EventCommitResult? result = null;
        try
        {
            result = await _store.CommitEventsAsync(commit, now, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _planner.Committed(commit, result);
        }

        // A debounced or batched event that joined a pending run creates none but may move its start to now.
        if (result.CreatedRunIds.Count > 0 || result.ResumedPauseIds.Count > 0 || commit.Runs.Count > 0)
        {
            _signal.Signal();
        }

        _notifications.PublishEvents(ids, result.CreatedRunIds);
        return ids;
    }

    private static (long Ms, byte[] Entropy)? ParseSeed(string? seed)
    {
        if (string.IsNullOrEmpty(seed) || seed.Length > 64)
        {
            return null;
        }

        var comma = seed.IndexOf(',', StringComparison.Ordinal);
        if (comma <= 0 || !long.TryParse(seed.AsSpan(0, comma), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms <= 0 || ms > 281474976710655)
        {
            return null;
        }

        Span<byte> entropy = stackalloc byte[16];
        if (!Convert.TryFromBase64String(seed[(comma + 1)..], entropy, out var written) || written != 10)
        {
            return null;
        }

        return (ms, entropy[..10].ToArray());
    }

    private static string SeededId(long ms, byte[] entropy, int index)
    {
        // Go: the last four entropy bytes, as a big-endian counter, incremented by the event's 1-based index.
        Span<byte> e = stackalloc byte[10];
        entropy.CopyTo(e);
        var counter = BinaryPrimitives.ReadUInt32BigEndian(e[6..]);
        BinaryPrimitives.WriteUInt32BigEndian(e[6..], unchecked(counter + (uint)index));
        return UlidGenerator.Format(ms, e);
    }
}
