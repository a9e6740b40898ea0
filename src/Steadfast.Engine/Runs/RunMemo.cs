using System.Text.Json;
using Steadfast.Engine.Storage;

namespace Steadfast.Engine.Runs;

/// <summary>A run's memoized steps in stack order, parsed once, plus its parsed events.</summary>
internal sealed class RunMemo
{
    private readonly Dictionary<string, JsonElement> _steps = new(StringComparer.Ordinal);
    private readonly List<string> _stack = [];
    private JsonElement[]? _events;

    public RunMemo(RunState state)
    {
        foreach (var (id, json) in state.Steps)
        {
            Add(id, json);
        }
    }

    public IReadOnlyDictionary<string, JsonElement> Steps => _steps;

    public IReadOnlyList<string> Stack => _stack;

    public bool Contains(string stepId) => _steps.ContainsKey(stepId);

    public void Add(string stepId, string json)
    {
        if (_steps.TryAdd(stepId, JsonElement.Parse(json)))
        {
            _stack.Add(stepId);
        }
    }

    public JsonElement Event(IReadOnlyList<string> eventsJson) => Events(eventsJson) is { Count: > 0 } e ? e[0] : JsonElement.Parse("{}");

    public IReadOnlyList<JsonElement> Events(IReadOnlyList<string> eventsJson) =>
        _events ??= [.. eventsJson.Select(j => JsonElement.Parse(j))];
}
