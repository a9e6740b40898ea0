using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public Task SaveAppAsync(StoredApp app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Writer.WriteAsync(w => w.Command("""
                INSERT INTO apps(app_id, url, sdk, framework, checksum, functions_json, synced_at)
                VALUES (@id, @url, @sdk, @fw, @sum, @fns, @at)
                ON CONFLICT(app_id) DO UPDATE SET url = excluded.url, sdk = excluded.sdk, framework = excluded.framework,
                    checksum = excluded.checksum, functions_json = excluded.functions_json, synced_at = excluded.synced_at
                """)
            .With("@id", app.AppId).With("@url", app.Url).With("@sdk", app.Sdk).With("@fw", app.Framework)
            .With("@sum", app.Checksum).With("@fns", app.FunctionsJson).With("@at", app.SyncedAt)
            .ExecuteNonQuery(), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredApp>> ListAppsAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT app_id, url, sdk, framework, checksum, functions_json, synced_at FROM apps ORDER BY app_id";
            var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
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
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appId);
        var deleted = await Writer.WriteAsync(w => w.Command("DELETE FROM apps WHERE app_id = @id").With("@id", appId).ExecuteNonQuery(), cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }
}
