using System.Text.Json;
using Microsoft.Extensions.Logging;
using Steadfast.Engine.Drivers.Http;
using Steadfast.Engine.Functions;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Json;
using Steadfast.Protocol.Sync;

namespace Steadfast.Server.AspNetCore.Sync;

/// <summary>
/// The apps synced over HTTP: validates a sync, skips it when the checksum is unchanged, stores it, and puts its
/// functions in the <see cref="FunctionCatalog"/> behind an <see cref="HttpFunctionDriver"/>. Functions missing from a
/// new sync are archived (no longer triggered; runs in flight fail with "not registered").
/// </summary>
internal sealed partial class AppRegistry(
    FunctionCatalog catalog,
    IEngineStore store,
    IExpressionFilter filter,
    SyncHttpClient http,
    HttpDriverOptions driverOptions,
    TimeProvider time,
    ILogger<AppRegistry> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Dictionary<string, SyncedApp> _apps = new(StringComparer.Ordinal);

    public IReadOnlyCollection<SyncedApp> Apps => _apps.Values;

    /// <summary>True when an app with this normalized URL is synced.</summary>
    public bool IsSynced(string url) => _apps.Values.Any(a => string.Equals(a.Url, SyncUrls.Normalize(url), StringComparison.Ordinal));

    public async Task<SyncResult> SyncAsync(AppSync sync, CancellationToken cancellationToken = default)
    {
        if (SyncValidator.Validate(sync, filter) is { } invalid)
        {
            LogSyncRefused(logger, sync.AppId, sync.Url, invalid.Error);
            return invalid;
        }

        var url = SyncUrls.Normalize(sync.Url);
        var functions = sync.Functions.Select(Normalize).ToList();
        var checksum = SyncChecksum.Compute(sync with { Functions = functions });
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_apps.TryGetValue(sync.AppId, out var current) && current.Checksum == checksum && current.Url == url)
            {
                return new SyncResult(200, false, AppId: sync.AppId);
            }

            var app = new SyncedApp(sync.AppId, url, sync.Sdk, sync.Framework, checksum, functions, time.GetUtcNow().ToUnixTimeMilliseconds());
            await store.SaveAppAsync(new StoredApp
            {
                AppId = app.AppId,
                Url = app.Url,
                Sdk = app.Sdk,
                Framework = app.Framework,
                Checksum = app.Checksum,
                FunctionsJson = JsonSerializer.Serialize(functions, ProtocolJsonContext.Default.ListFunctionConfig),
                SyncedAt = app.SyncedAt,
            }, cancellationToken).ConfigureAwait(false);

            Activate(app);
            LogSynced(logger, app.AppId, functions.Count, app.Url);
            return new SyncResult(200, true, AppId: sync.AppId);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Loads stored apps into the catalog (at start-up, before the scheduler claims work).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        LogLoaded(logger, _apps.Count);
    }

    /// <summary>
    /// Activates every stored app that differs (checksum or URL) from the one this node runs: at start-up, and
    /// periodically when several servers share one database, so an app synced through any node runs on all of them.
    /// The store is read under the sync gate, so a sync of this node is never undone by an older read.
    /// </summary>
    /// <returns>The number of apps (re)activated.</returns>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var activated = 0;
            foreach (var stored in await store.ListAppsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_apps.TryGetValue(stored.AppId, out var current) && current.Checksum == stored.Checksum && current.Url == stored.Url)
                {
                    continue;
                }

                var functions = JsonSerializer.Deserialize(stored.FunctionsJson, ProtocolJsonContext.Default.ListFunctionConfig) ?? [];
                Activate(new SyncedApp(stored.AppId, stored.Url, stored.Sdk, stored.Framework, stored.Checksum, functions, stored.SyncedAt));
                activated++;
            }

            return activated;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Activate(SyncedApp app)
    {
        var urls = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var f in app.Functions)
        {
            urls[f.Id] = new Uri(f.Steps["step"].Runtime.Url);
        }

        var driver = new HttpFunctionDriver(http.Client, urls, driverOptions, time);
        var engineFunctions = app.Functions.Select(f => new EngineFunction
        {
            Id = f.Id,
            Name = string.IsNullOrEmpty(f.Name) ? f.Id : f.Name,
            AppId = app.AppId,
            Retries = f.Steps["step"].Retries?.Attempts ?? 4,
            Handler = driver,
            Triggers = [.. f.Triggers.Select(t => new EngineTrigger(string.IsNullOrWhiteSpace(t.Event) ? null : t.Event, string.IsNullOrWhiteSpace(t.Expression) ? null : t.Expression, string.IsNullOrWhiteSpace(t.Cron) ? null : t.Cron))],
            Cancel = CancelTriggers(f.Cancel),

            // Validated at sync; a stored app from an older server that no longer parses runs without flow control.
            FlowControl = Engine.FlowControl.FlowControlParser.TryParse(f, out var flow, out _) ? flow : Engine.FlowControl.FlowControl.None,
        }).ToList();
        catalog.SetApp(app.AppId, engineFunctions);
        _apps = new Dictionary<string, SyncedApp>(_apps, StringComparer.Ordinal) { [app.AppId] = app };
    }

    /// <summary>The <c>cancel[]</c> entries of a synced function (validated at sync: event names, CEL, durations).</summary>
    private static List<CancelTrigger> CancelTriggers(System.Text.Json.JsonElement? cancel)
    {
        var list = new List<CancelTrigger>();
        if (cancel is not { ValueKind: System.Text.Json.JsonValueKind.Array } entries)
        {
            return list;
        }

        foreach (var c in entries.EnumerateArray())
        {
            if (c.ValueKind != System.Text.Json.JsonValueKind.Object || !c.TryGetProperty("event", out var e) || e.ValueKind != System.Text.Json.JsonValueKind.String)
            {
                continue;
            }

            var condition = c.TryGetProperty("if", out var i) && i.ValueKind == System.Text.Json.JsonValueKind.String ? i.GetString() : null;
            TimeSpan? timeout = c.TryGetProperty("timeout", out var t) && t.ValueKind == System.Text.Json.JsonValueKind.String &&
                Steadfast.Protocol.Time.Durations.TryParse(t.GetString(), out var span, out _) ? span : null;
            list.Add(new CancelTrigger(e.GetString()!, string.IsNullOrWhiteSpace(condition) ? null : condition, timeout));
        }

        return list;
    }

    private static FunctionConfig Normalize(FunctionConfig f)
    {
        if (f.Steps.TryGetValue("step", out var step))
        {
            step.Runtime.Url = SyncUrls.Normalize(step.Runtime.Url);
        }

        return f;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Synced app {AppId}: {Count} function(s) at {Url}")]
    private static partial void LogSynced(ILogger logger, string appId, int count, string url);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Refused sync of app '{AppId}' from {Url}: {Reason}")]
    private static partial void LogSyncRefused(ILogger logger, string appId, string url, string? reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Loaded {Count} stored app(s)")]
    private static partial void LogLoaded(ILogger logger, int count);
}
