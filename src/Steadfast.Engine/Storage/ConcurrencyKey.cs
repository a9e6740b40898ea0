namespace Steadfast.Engine.Storage;

/// <summary>
/// A concurrency key of a run: <see cref="IEngineStore.ClaimAsync"/> never leaves more than <see cref="Limit"/> live
/// leases on items carrying <see cref="Key"/> (items of kinds Discovery, Step, SleepWake and PauseTimeout carry their
/// run's keys; cancellation items carry none and are never held back).
/// </summary>
/// <param name="Key">The key (function id or scope, key expression and value, as the engine builds it).</param>
/// <param name="Limit">Live leases allowed at once (≥ 1).</param>
public sealed record ConcurrencyKey(string Key, int Limit);
