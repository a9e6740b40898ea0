namespace Steadfast.Engine.FlowControl;

/// <summary>Singleton: at most one active run per key.</summary>
/// <param name="Cancel">False (<c>skip</c>): drop a new run while one is active. True (<c>cancel</c>): cancel the active run and start the new one.</param>
/// <param name="Key">Optional CEL key.</param>
public sealed record SingletonSettings(bool Cancel, string? Key = null);
