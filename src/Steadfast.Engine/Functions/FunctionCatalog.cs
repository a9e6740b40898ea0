using System.Collections.Frozen;

namespace Steadfast.Engine.Functions;

/// <summary>
/// The functions the engine knows, grouped by app, with a trigger index: exact event names in a frozen map,
/// wildcard patterns checked one by one. Reads take an immutable snapshot; syncs swap it.
/// </summary>
public sealed class FunctionCatalog
{
    private readonly Lock _gate = new();
    private Dictionary<string, IReadOnlyList<EngineFunction>> _apps = new(StringComparer.Ordinal);
    private volatile Snapshot _snapshot = Snapshot.Empty;

    /// <summary>Raised after the set of functions changed.</summary>
    public event Action? Changed;

    /// <summary>Replaces the functions of <paramref name="appId"/>; functions missing from the list are archived (no longer triggered).</summary>
    public void SetApp(string appId, IReadOnlyList<EngineFunction> functions)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentNullException.ThrowIfNull(functions);
        lock (_gate)
        {
            var apps = new Dictionary<string, IReadOnlyList<EngineFunction>>(_apps, StringComparer.Ordinal) { [appId] = functions };
            _apps = apps;
            _snapshot = Snapshot.Build(apps.Values.SelectMany(f => f));
        }

        Changed?.Invoke();
    }

    /// <summary>Removes an app and its functions.</summary>
    public void RemoveApp(string appId)
    {
        lock (_gate)
        {
            var apps = new Dictionary<string, IReadOnlyList<EngineFunction>>(_apps, StringComparer.Ordinal);
            apps.Remove(appId);
            _apps = apps;
            _snapshot = Snapshot.Build(apps.Values.SelectMany(f => f));
        }

        Changed?.Invoke();
    }

    /// <summary>All functions.</summary>
    public IReadOnlyCollection<EngineFunction> All => _snapshot.ById.Values;

    /// <summary>A function by composite id.</summary>
    public EngineFunction? Get(string id) => _snapshot.ById.GetValueOrDefault(id);

    /// <summary>The (function, trigger) pairs whose event pattern matches <paramref name="eventName"/>.</summary>
    public IReadOnlyList<(EngineFunction Function, EngineTrigger Trigger)> Match(string eventName)
    {
        var s = _snapshot;
        List<(EngineFunction, EngineTrigger)>? result = null;
        if (s.Exact.TryGetValue(eventName, out var exact))
        {
            result = [.. exact];
        }

        foreach (var (pattern, fn, trigger) in s.Wildcards)
        {
            if (Glob.Matches(pattern, eventName))
            {
                (result ??= []).Add((fn, trigger));
            }
        }

        return result ?? (IReadOnlyList<(EngineFunction, EngineTrigger)>)[];
    }

    private sealed class Snapshot
    {
        public static readonly Snapshot Empty = Build([]);

        public required FrozenDictionary<string, EngineFunction> ById { get; init; }

        public required FrozenDictionary<string, (EngineFunction, EngineTrigger)[]> Exact { get; init; }

        public required (string Pattern, EngineFunction Function, EngineTrigger Trigger)[] Wildcards { get; init; }

        public static Snapshot Build(IEnumerable<EngineFunction> functions)
        {
            var byId = new Dictionary<string, EngineFunction>(StringComparer.Ordinal);
            var exact = new Dictionary<string, List<(EngineFunction, EngineTrigger)>>(StringComparer.Ordinal);
            var wild = new List<(string, EngineFunction, EngineTrigger)>();
            foreach (var f in functions)
            {
                byId[f.Id] = f;
                foreach (var t in f.Triggers)
                {
                    if (t.Event is null)
                    {
                        continue;
                    }

                    if (t.Event.Contains('*'))
                    {
                        wild.Add((t.Event, f, t));
                    }
                    else
                    {
                        if (!exact.TryGetValue(t.Event, out var list))
                        {
                            exact[t.Event] = list = [];
                        }

                        list.Add((f, t));
                    }
                }
            }

            return new Snapshot
            {
                ById = byId.ToFrozenDictionary(StringComparer.Ordinal),
                Exact = exact.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal),
                Wildcards = [.. wild],
            };
        }
    }
}
