using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Steadfast.Engine;
using Steadfast.Engine.Drivers.Http;
using Steadfast.Engine.Events;
using Steadfast.Engine.Functions;
using Steadfast.Engine.Queue;
using Steadfast.Engine.Runs;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Ids;
using Steadfast.Sdk;
using Steadfast.Server.AspNetCore.Sync;
using Steadfast.Server.AspNetCore.Webhooks;
using Steadfast.Storage.Postgres;
using Steadfast.Storage.Sqlite;

namespace Steadfast.Server.AspNetCore;

/// <summary>Registers the Steadfast engine and server in an ASP.NET Core app.</summary>
public static class SteadfastServerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine (SQLite store, or PostgreSQL with <see cref="SteadfastServerOptions.PostgresConnectionString"/>; scheduler, executor, event API). In-process functions registered with
    /// <c>AddSteadfast()</c> in the same container run on it. Map the endpoints with <c>MapSteadfastServer()</c>.
    /// </summary>
    public static IServiceCollection AddSteadfastServer(this IServiceCollection services, Action<SteadfastServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new SteadfastServerOptions();
        configure?.Invoke(options);
        options.Validate();

        services.AddSingleton(options);
        services.AddSingleton(options.Engine);
        services.AddSingleton(options.Retention);
        services.AddWebhookSources(options);
        services.TryAddSingleton(TimeProvider.System);
        // SQLite owns its file (one process; leases of a previous process are released at start-up). PostgreSQL is
        // shared by several servers: nothing is released at start-up, a dead server's items return when their
        // leases expire, and other servers' commits wake this one through LISTEN/NOTIFY.
        services.TryAddSingleton<IEngineStore>(sp => options.PostgresConnectionString is { Length: > 0 } postgres
            ? new PostgresStore(new PostgresStoreOptions { ConnectionString = postgres, Schema = options.PostgresSchema }, sp.GetRequiredService<IWorkSignal>())
            : new SqliteStore(new SqliteStoreOptions { Path = Path.Combine(Path.GetFullPath(options.SqliteDirectory), "steadfast.db") }));
        services.AddSingleton<FunctionCatalog>();
        services.TryAddSingleton<IExpressionFilter, CelExpressionFilter>();
        services.AddSingleton(sp => new UlidGenerator(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new RunPlanner(
            sp.GetRequiredService<FunctionCatalog>(),
            sp.GetRequiredService<UlidGenerator>(),
            options.Engine,
            sp.GetService<IExpressionFilter>(),
            sp.GetRequiredService<Steadfast.Engine.Pauses.PauseIndex>()));
        services.AddSingleton<Steadfast.Engine.Pauses.PauseIndex>();
        services.AddSingleton<WorkSignal>();
        services.AddSingleton<EngineNotifications>();
        services.AddSingleton<IWorkSignal>(sp => sp.GetRequiredService<WorkSignal>());
        services.AddSingleton<EventIngestor>();
        services.AddSingleton<RunExecutor>();
        services.AddSingleton<QueueDispatcher>();
        services.TryAddSingleton<IEventSender, EngineEventSender>();
        services.AddSingleton<ServerKeys>();
        services.AddSingleton<SyncHttpClient>();
        services.AddSingleton(sp => new HttpDriverOptions { SigningKey = sp.GetRequiredService<ServerKeys>().Primary });
        services.AddSingleton<AppRegistry>();
        services.AddSingleton<AppPinger>();
        services.AddSingleton<Endpoints.Operations.SyncAttemptLog>();

        // Order matters: the store opens and in-process functions register before the scheduler claims work.
        services.AddHostedService<EngineStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueDispatcher>());
        services.AddHostedService<Steadfast.Engine.Cron.CronScheduler>();
        services.AddHostedService<AppPollingService>();
        services.AddHostedService<SharedAppRefresher>();
        services.AddSingleton<Steadfast.Engine.Retention.HistoryRetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<Steadfast.Engine.Retention.HistoryRetentionService>());
        services.AddSingleton<ServerMarker>();
        return services;
    }
}

/// <summary>Marks that <c>AddSteadfastServer</c> was called (checked by <c>MapSteadfastServer</c>).</summary>
internal sealed class ServerMarker;
