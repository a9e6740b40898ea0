using System.Text.Json;
using Steadfast.Expressions.Index;
using Steadfast.Expressions.Runtime;

namespace Steadfast.Expressions;

/// <summary>
/// Matches an incoming event against many registered expressions (pauses of <c>waitForEvent</c>,
/// <c>cancelOn</c>, <c>invoke</c>) without evaluating all of them.
/// </summary>
/// <remarks>
/// <para>
/// An expression is filed under its first top-level conjunct of the form <c>async.path == X</c>
/// (either order) where X is a literal or an <c>event.*</c> path; X is resolved against the
/// event bound at registration (the run's triggering event), so
/// <c>event.data.user == async.data.user</c> bound to <c>{"data":{"user":"u_1"}}</c> is filed as
/// (<c>data.user</c>, <c>"u_1"</c>). An incoming event is looked up by reading each filed path
/// from it, one hash look-up per distinct path. Expressions with no such conjunct (or whose
/// literal is null, a fraction, a list or a map) are evaluated for every event.
/// </para>
/// <para>
/// <see cref="FindMatches"/> returns only true matches: every candidate is evaluated in full
/// with <c>event</c> = its bound event and <c>async</c> = the incoming event.
/// All members are thread-safe; look-ups run concurrently with each other, adds and removes
/// take a short exclusive lock. The bound event is cloned, so callers may dispose their document.
/// </para>
/// </remarks>
/// <typeparam name="T">What a match yields, e.g. a pause id.</typeparam>
public sealed class ExpressionIndex<T> : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, IndexEntry<T>> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IndexedPath<T>> _paths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IndexEntry<T>> _unindexed = new(StringComparer.Ordinal);

    /// <summary>Number of registered expressions.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _entries.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Number of registered expressions that could not be indexed and are evaluated for every event.</summary>
    public int UnindexedCount
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _unindexed.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>
    /// Registers <paramref name="expression"/> under <paramref name="id"/>, replacing any entry
    /// with the same id (so re-registering a pause is idempotent).
    /// </summary>
    /// <param name="id">Unique id of the entry, e.g. the pause id.</param>
    /// <param name="expression">The CEL condition, using <c>event</c> and <c>async</c>.</param>
    /// <param name="boundEvent">The value of <c>event</c> for this entry (cloned); null when the expression does not use it.</param>
    /// <param name="payload">What <see cref="FindMatches"/> yields for this entry.</param>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> or <paramref name="expression"/> is null.</exception>
    /// <exception cref="ExpressionSyntaxException">The expression does not compile.</exception>
    public void Add(string id, string expression, JsonElement? boundEvent, T payload)
    {
        ArgumentNullException.ThrowIfNull(id);
        var compiled = ExpressionCompiler.Compile(expression);
        var bound = boundEvent?.Clone();
        var indexable = IndexPlanner.TryPlan(compiled, bound, out var segments, out var key);

        _lock.EnterWriteLock();
        try
        {
            RemoveLocked(id);
            IndexedPath<T>? path = null;
            if (indexable)
            {
                var pathKey = string.Join('\u001f', segments);
                if (!_paths.TryGetValue(pathKey, out path))
                {
                    path = new IndexedPath<T>(segments);
                    _paths.Add(pathKey, path);
                }
            }

            var entry = new IndexEntry<T>(id, compiled, bound, payload, path, key);
            _entries.Add(id, entry);
            if (path is null)
            {
                _unindexed.Add(id, entry);
            }
            else if (path.Buckets.TryGetValue(key, out var bucket))
            {
                bucket.Add(entry);
            }
            else
            {
                path.Buckets.Add(key, [entry]);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes the entry registered under <paramref name="id"/>.</summary>
    /// <returns>True when an entry was removed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        _lock.EnterWriteLock();
        try
        {
            return RemoveLocked(id);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// The payloads of the entries whose expression is true for <paramref name="asyncEvent"/>
    /// (an expression that evaluates to an error or a non-bool does not match).
    /// </summary>
    public IReadOnlyList<T> FindMatches(JsonElement asyncEvent)
    {
        var candidates = new List<IndexEntry<T>>();
        _lock.EnterReadLock();
        try
        {
            foreach (var path in _paths.Values)
            {
                if (JsonPathNode.TryRead(asyncEvent, path.Segments, out var element) &&
                    MapKey.TryCreate(CelValue.FromJson(element), out var key) &&
                    path.Buckets.TryGetValue(key, out var bucket))
                {
                    candidates.AddRange(bucket);
                }
            }

            candidates.AddRange(_unindexed.Values);
        }
        finally
        {
            _lock.ExitReadLock();
        }

        var matches = new List<T>();
        var context = new ExpressionContext(null, asyncEvent);
        foreach (var candidate in candidates)
        {
            context.Event = candidate.BoundEvent;
            if (candidate.Expression.EvaluateBool(context) == true)
            {
                matches.Add(candidate.Payload);
            }
        }

        return matches;
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock.Dispose();

    private bool RemoveLocked(string id)
    {
        if (!_entries.Remove(id, out var entry))
        {
            return false;
        }

        if (entry.Path is null)
        {
            _unindexed.Remove(id);
            return true;
        }

        var bucket = entry.Path.Buckets[entry.Key];
        bucket.Remove(entry);
        if (bucket.Count == 0)
        {
            entry.Path.Buckets.Remove(entry.Key);
            if (entry.Path.Buckets.Count == 0)
            {
                _paths.Remove(string.Join('\u001f', entry.Path.Segments));
            }
        }

        return true;
    }
}
