namespace Steadfast.Engine.Storage;

/// <summary>What one <see cref="IHistoryRetention.PurgeHistoryAsync"/> call deleted.</summary>
/// <param name="Runs">Ended runs removed (with their steps and history).</param>
/// <param name="Events">Events removed.</param>
public sealed record PurgeResult(int Runs, int Events);
