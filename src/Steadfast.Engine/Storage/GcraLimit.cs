namespace Steadfast.Engine.Storage;

/// <summary>
/// A rate per key, enforced with GCRA (generic cell rate algorithm; one theoretical arrival time per key): emission
/// interval T = <see cref="PeriodMs"/> / <see cref="Limit"/>, tolerance τ = <see cref="PeriodMs"/> − T + <see cref="Burst"/>·T,
/// so <see cref="Limit"/> + <see cref="Burst"/> runs pass at once and then one per T. A run at time t conforms when
/// t ≥ tat − τ; it then sets tat = max(t, tat) + T. A throttled run that does not conform starts at tat − τ instead.
/// </summary>
/// <param name="Key">Unique per function and key value (the engine includes the function id).</param>
/// <param name="Limit">Runs per period (≥ 1).</param>
/// <param name="PeriodMs">The period in ms (≥ 1).</param>
/// <param name="Burst">Extra runs allowed at once.</param>
public sealed record GcraLimit(string Key, int Limit, long PeriodMs, int Burst = 0);
