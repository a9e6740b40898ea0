using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc />
    public Task SaveAppAsync(StoredApp app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Writer.WriteAsync<int>(w =>
        {
            w.Sql("""
                INSERT INTO apps(app_id, url, sdk, framework, checksum, functions_json, synced_at) VALUES($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT(app_id) DO UPDATE SET url = excluded.url, sdk = excluded.sdk, framework = excluded.framework,
                    checksum = excluded.checksum, functions_json = excluded.functions_json, synced_at = excluded.synced_at
                """, app.AppId, app.Url, app.Sdk, app.Framework, app.Checksum, app.FunctionsJson, app.SyncedAt);
            return static () => 0;
        }, cancellationToken: cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredApp>> ListAppsAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = Read("SELECT app_id, url, sdk, framework, checksum, functions_json, synced_at FROM apps ORDER BY app_id");
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var apps = new List<StoredApp>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            apps.Add(new StoredApp
            {
                AppId = reader.GetString(0),
                Url = reader.GetString(1),
                Sdk = reader.GetString(2),
                Framework = reader.GetString(3),
                Checksum = reader.GetString(4),
                FunctionsJson = reader.GetString(5),
                SyncedAt = reader.GetInt64(6),
            });
        }

        return apps;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appId);
        return await Writer.WriteAsync<bool>(w =>
        {
            var deleted = false;
            w.Rows("DELETE FROM apps WHERE app_id = $1 RETURNING 1", r => deleted = r.Read(), appId);
            return () => deleted;
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
