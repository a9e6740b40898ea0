namespace Steadfast.Engine.Storage;

/// <summary>What the executor needs to call a function: the run, its events and its memoized steps in stack order.</summary>
/// <param name="Run">The run.</param>
/// <param name="EventsJson">Event JSON, in order.</param>
/// <param name="Steps">Memoized step results (hashed id, memo JSON) in completion order.</param>
public sealed record RunState(RunRecord Run, IReadOnlyList<string> EventsJson, IReadOnlyList<(string StepId, string Json)> Steps);
