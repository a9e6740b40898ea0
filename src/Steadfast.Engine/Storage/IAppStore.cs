namespace Steadfast.Engine.Storage;

/// <summary>
/// Synced apps and their function configurations, so they survive a restart. Part of the storage contract (every
/// backend implements it next to <see cref="IEngineStore"/> and passes the same compliance tests).
/// </summary>
public interface IAppStore
{
    /// <summary>Inserts or replaces the app with <see cref="StoredApp.AppId"/>. Completes when committed.</summary>
    Task SaveAppAsync(StoredApp app, CancellationToken cancellationToken = default);

    /// <summary>All stored apps, ordered by app id.</summary>
    Task<IReadOnlyList<StoredApp>> ListAppsAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes an app; true when it existed.</summary>
    Task<bool> DeleteAppAsync(string appId, CancellationToken cancellationToken = default);
}
