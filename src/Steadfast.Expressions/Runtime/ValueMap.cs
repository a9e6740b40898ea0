namespace Steadfast.Expressions.Runtime;

/// <summary>A map built by the expression (a literal); keeps insertion order for printing.</summary>
internal sealed class ValueMap : CelMap
{
    private readonly Dictionary<MapKey, KeyValuePair<CelValue, CelValue>> _entries;

    public ValueMap(int capacity) => _entries = new Dictionary<MapKey, KeyValuePair<CelValue, CelValue>>(capacity);

    public override int Count => _entries.Count;

    public override IEnumerable<CelValue> Keys => _entries.Values.Select(e => e.Key);

    /// <summary>Adds an entry; false when an equal key is already present.</summary>
    public bool TryAdd(MapKey mapKey, CelValue key, CelValue value) =>
        _entries.TryAdd(mapKey, new KeyValuePair<CelValue, CelValue>(key, value));

    public override bool TryGetValue(CelValue key, out CelValue value)
    {
        if (MapKey.TryCreate(key, out var mapKey) && _entries.TryGetValue(mapKey, out var entry))
        {
            value = entry.Value;
            return true;
        }

        value = default;
        return false;
    }
}
