namespace Steadfast.Engine.Storage;

/// <summary>A run to create when its idempotency key is free.</summary>
/// <param name="Run">The run.</param>
/// <param name="IdempotencyKey">Key unique per function (e.g. function id + event id); null for none.</param>
/// <param name="IdempotencyExpiresAt">When the key may be reused (unix ms).</param>
public sealed record NewRun(RunRecord Run, string? IdempotencyKey, long IdempotencyExpiresAt);
