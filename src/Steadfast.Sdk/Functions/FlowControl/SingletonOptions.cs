namespace Steadfast.Sdk;

/// <summary>Singleton: at most one active run per key.</summary>
public sealed record SingletonOptions
{
    /// <summary><c>skip</c> (default): drop new runs while one is active; <c>cancel</c>: cancel the active run and start the new one.</summary>
    public string Mode { get; init; } = "skip";

    /// <summary>Optional CEL key over <c>event</c>.</summary>
    public string? Key { get; init; }
}
