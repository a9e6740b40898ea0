using Microsoft.AspNetCore.Http;
using Steadfast.Engine.Storage;
using Steadfast.Server.AspNetCore.Sync;

namespace Steadfast.Server.AspNetCore.Endpoints;

/// <summary>
/// <c>GET /v0/runs/{id}/batch</c> and <c>/actions</c>: the run state an SDK fetches when a call says <c>use_api</c>
/// (reference §3.3). Errors are <c>{"error","status"}</c>, the shape the SDK parses.
/// </summary>
internal static class RunStateApiEndpoints
{
    public static async Task GetBatchAsync(HttpContext http, string runId, IEngineStore store, ServerKeys keys)
    {
        if (await LoadAsync(http, runId, store, keys).ConfigureAwait(false) is not { } state)
        {
            return;
        }

        await JsonWriting.WriteAsync(http, 200, w =>
        {
            w.WriteStartArray();
            foreach (var e in state.EventsJson)
            {
                w.WriteRawValue(e, skipInputValidation: true);
            }

            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    public static async Task GetActionsAsync(HttpContext http, string runId, IEngineStore store, ServerKeys keys)
    {
        if (await LoadAsync(http, runId, store, keys).ConfigureAwait(false) is not { } state)
        {
            return;
        }

        await JsonWriting.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            foreach (var (id, json) in state.Steps)
            {
                w.WritePropertyName(id);
                w.WriteRawValue(json, skipInputValidation: true);
            }

            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task<RunState?> LoadAsync(HttpContext http, string runId, IEngineStore store, ServerKeys keys)
    {
        if (!keys.Authorize(http.Request.Headers.Authorization))
        {
            await JsonWriting.ErrorAsync(http, 401, "Unauthorized: the bearer token does not match the server's signing key").ConfigureAwait(false);
            return null;
        }

        var state = await store.LoadRunStateAsync(runId, http.RequestAborted).ConfigureAwait(false);
        if (state is null)
        {
            await JsonWriting.ErrorAsync(http, 404, $"run {runId} not found").ConfigureAwait(false);
        }

        return state;
    }
}
