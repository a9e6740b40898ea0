using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Steadfast.Dashboard;
using Steadfast.Engine;
using Steadfast.Engine.Events;
using Steadfast.Engine.Functions;
using Steadfast.Engine.Runs;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Ids;
using Steadfast.Server.AspNetCore.Endpoints.Operations;
using Steadfast.Server.AspNetCore.Sync;

namespace Steadfast.Server.AspNetCore.Endpoints;

/// <summary>Maps the dashboard (<c>/</c>) and the operations API it uses, all behind <see cref="DashboardAccess"/>.</summary>
internal static class SteadfastOperationsEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapSteadfastDashboardAndOperations(this IEndpointRouteBuilder endpoints)
    {
        var sp = endpoints.ServiceProvider;
        var access = new DashboardAccess(sp.GetRequiredService<SteadfastServerOptions>(), sp.GetRequiredService<ServerKeys>(), DashboardAccess.PasswordFromEnvironment());
        var launcher = new RunLauncher(
            sp.GetRequiredService<IEngineStore>(),
            sp.GetRequiredService<RunPlanner>(),
            sp.GetRequiredService<FunctionCatalog>(),
            sp.GetRequiredService<UlidGenerator>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IWorkSignal>(),
            sp.GetRequiredService<EngineNotifications>());
        var syncs = endpoints.ServiceProvider.GetRequiredService<SyncAttemptLog>();
        if (endpoints is IApplicationBuilder app)
        {
            app.Use((http, next) => access.GuardRestApiAsync(http, () => next(http)));
        }

        var v1 = endpoints.MapGroup("/v1");
        v1.AddEndpointFilter(access.FilterAsync);
        v1.MapGet("/feed", OperationsEndpoints.FeedAsync);
        v1.MapGet("/stream", LiveStreamEndpoint.StreamAsync);
        v1.MapPost("/events", OperationsEndpoints.SendEventAsync);
        v1.MapPost("/events/{eventId}/replay", OperationsEndpoints.ReplayEventAsync);
        v1.MapGet("/runs/{runId}/detail", OperationsEndpoints.RunDetailAsync);
        v1.MapPost("/runs/{runId}/cancel", OperationsEndpoints.CancelRunAsync);
        v1.MapPost("/runs/{runId}/rerun", (HttpContext http, string runId, IEngineStore store, TimeProvider time) => OperationsEndpoints.RerunAsync(http, runId, store, launcher, time));
        v1.MapPost("/runs/bulk/cancel", OperationsEndpoints.BulkCancelAsync);
        v1.MapPost("/runs/bulk/rerun", (HttpContext http, IEngineStore store, TimeProvider time) => OperationsEndpoints.BulkRerunAsync(http, store, launcher, time));
        v1.MapGet("/functions", OperationsEndpoints.ListFunctionsAsync);
        v1.MapPost("/functions/{functionId}/invoke", (HttpContext http, string functionId, TimeProvider time) => OperationsEndpoints.InvokeAsync(http, functionId, launcher, time));
        v1.MapGet("/apps/syncs", (HttpContext http, TimeProvider time) => OperationsEndpoints.SyncLogAsync(http, syncs, time));
        v1.MapPost("/apps/{appId}/resync", (HttpContext http, string appId, AppRegistry apps, AppPinger pinger, TimeProvider time) => OperationsEndpoints.ResyncAsync(http, appId, apps, pinger, syncs, time));
        endpoints.MapSteadfastDashboard().AddEndpointFilter(access.FilterAsync);
        return endpoints;
    }
}
