using System.Text.Json;
using Steadfast.Engine.Storage;
using Steadfast.Expressions;

namespace Steadfast.Engine.Pauses;

/// <summary>
/// The in-memory index of pending pauses, by event name, over <see cref="ExpressionIndex{T}"/>: an incoming event is
/// matched against equality-heavy conditions by hash lookup instead of a scan. A pause is added BEFORE its commit and
/// removed when consumed, so an event committed after the pause always finds it (its commit then consumes the pause
/// atomically; an event that raced ahead of the pause's commit finds no row and does not match).
/// </summary>
public sealed class PauseIndex : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ExpressionIndex<PauseRecord>> _byEvent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byRun = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _eventOfPause = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PauseRecord> _records = new(StringComparer.Ordinal);

    /// <summary>Number of pauses indexed.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _eventOfPause.Count;
            }
        }
    }

    /// <summary>Adds a pause; an invalid expression is rejected with <see cref="ExpressionSyntaxException"/>.</summary>
    public void Add(PauseRecord pause)
    {
        ArgumentNullException.ThrowIfNull(pause);
        JsonElement? bound = pause.TriggerJson is null ? null : JsonElement.Parse(pause.TriggerJson);
        ExpressionIndex<PauseRecord> index;
        lock (_gate)
        {
            if (!_byEvent.TryGetValue(pause.EventName, out index!))
            {
                _byEvent[pause.EventName] = index = new ExpressionIndex<PauseRecord>();
            }

            _eventOfPause[pause.Id] = pause.EventName;
            _records[pause.Id] = pause;
            if (!_byRun.TryGetValue(pause.RunId, out var run))
            {
                _byRun[pause.RunId] = run = new HashSet<string>(StringComparer.Ordinal);
            }

            run.Add(pause.Id);
        }

        index.Add(pause.Id, string.IsNullOrWhiteSpace(pause.Expression) ? "true" : pause.Expression, bound, pause);
    }

    /// <summary>Removes a pause (consumed, expired, or its commit failed).</summary>
    public void Remove(string pauseId)
    {
        ExpressionIndex<PauseRecord>? index = null;
        lock (_gate)
        {
            _records.Remove(pauseId);
            if (_eventOfPause.Remove(pauseId, out var name))
            {
                _byEvent.TryGetValue(name, out index);
            }
        }

        index?.Remove(pauseId);
    }

    /// <summary>The indexed pause with this id, if any.</summary>
    public PauseRecord? TryGet(string pauseId)
    {
        lock (_gate)
        {
            return _records.GetValueOrDefault(pauseId);
        }
    }

    /// <summary>Loads the pauses stored by a previous process.</summary>
    public async Task LoadAsync(IEngineStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        foreach (var pause in await store.ListPausesAsync(cancellationToken).ConfigureAwait(false))
        {
            Add(pause);
        }
    }

    /// <summary>Removes every pause of a run (it ended).</summary>
    public void RemoveRun(string runId)
    {
        string[] ids;
        lock (_gate)
        {
            if (!_byRun.Remove(runId, out var run))
            {
                return;
            }

            ids = [.. run];
        }

        foreach (var id in ids)
        {
            Remove(id);
        }
    }

    /// <summary>The pauses an event named <paramref name="eventName"/> with JSON <paramref name="asyncEvent"/> matches.</summary>
    public IReadOnlyList<PauseRecord> Match(string eventName, JsonElement asyncEvent)
    {
        ExpressionIndex<PauseRecord>? index;
        lock (_gate)
        {
            if (!_byEvent.TryGetValue(eventName, out index))
            {
                return [];
            }
        }

        return index.FindMatches(asyncEvent);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var index in _byEvent.Values)
            {
                index.Dispose();
            }

            _byEvent.Clear();
        }
    }
}
