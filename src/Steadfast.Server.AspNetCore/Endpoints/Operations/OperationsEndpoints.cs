using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Steadfast.Engine.Storage;

namespace Steadfast.Server.AspNetCore.Endpoints.Operations;

/// <summary>
/// The operations API behind the dashboard: replay, edit and replay, rerun (from a step), cancel (in bulk), invoke,
/// the feed of events with their runs, functions and resync. Described in <c>/v1/openapi.json</c>.
/// </summary>
internal static partial class OperationsEndpoints
{
    /// <summary>Most runs a bulk request touches; the response says when more matched (call again).</summary>
    public const int BulkLimit = 10_000;

    /// <summary>Reads a JSON body (an empty body is an empty object). Null after answering 400/415.</summary>
    private static async Task<JsonDocument?> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength is 0 || (http.Request.ContentLength is null && !http.Request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return JsonDocument.Parse("{}");
        }

        if (http.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await JsonWriting.ErrorAsync(http, 415, "the body must be JSON (Content-Type: application/json)").ConfigureAwait(false);
            return null;
        }

        try
        {
            return await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await JsonWriting.ErrorAsync(http, 400, $"the body is not valid JSON: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    private static string? GetString(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    /// <summary>A time as RFC 3339 text or unix ms (number or digits); false when present but unreadable.</summary>
    private static bool TryTime(JsonElement body, string name, out long? ms)
    {
        ms = null;
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n))
        {
            ms = n;
            return true;
        }

        return v.ValueKind == JsonValueKind.String && RestEndpoints.TryTime(v.GetString(), out ms);
    }
}
