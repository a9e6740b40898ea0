using System.Collections.Frozen;

namespace Steadfast.Sdk;

/// <summary>The functions of one app, by composite id (<c>{appId}-{functionId}</c>).</summary>
public sealed class FunctionRegistry
{
    private readonly FrozenDictionary<string, RegisteredFunction> _byCompositeId;

    /// <summary>Creates the registry; throws when two functions share an id.</summary>
    public FunctionRegistry(string appId, IEnumerable<RegisteredFunction> functions)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        AppId = appId;
        var map = new Dictionary<string, RegisteredFunction>(StringComparer.Ordinal);
        foreach (var registered in functions)
        {
            var f = registered.ForApp(appId);
            if (!map.TryAdd(CompositeId(f), f))
            {
                throw new InvalidOperationException($"Two functions share the id '{f.Id}' in app '{appId}'.");
            }
        }

        _byCompositeId = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The app id.</summary>
    public string AppId { get; }

    /// <summary>All functions with their composite ids.</summary>
    public IEnumerable<KeyValuePair<string, RegisteredFunction>> All => _byCompositeId;

    /// <summary>The composite id of <paramref name="function"/> in this app.</summary>
    public string CompositeId(RegisteredFunction function) => $"{AppId}-{function.Id}";

    /// <summary>Finds a function by composite id.</summary>
    public bool TryGet(string compositeId, out RegisteredFunction function) => _byCompositeId.TryGetValue(compositeId, out function!);
}
