using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Ids;
using Steadfast.Protocol.Json;
using Steadfast.Protocol.Signing;

namespace Steadfast.Sdk.AspNetCore;

/// <summary>POST: a call from the server (reference §3) or the trust probe (§2.6), answered as §4.1 says.</summary>
internal sealed partial class ServeEndpoint
{
    private static readonly byte[] NullJson = "null"u8.ToArray();

    private async Task CallAsync(HttpContext http)
    {
        var query = http.Request.Query;
        var body = await ReadBodyAsync(http).ConfigureAwait(false);
        var probe = query["probe"].ToString();
        if (probe.Length > 0)
        {
            await ProbeAsync(http, probe, body).ConfigureAwait(false);
            return;
        }

        // A call without a body is what a missing body parser looks like; the official SDKs answer 401 too.
        if (body.Length == 0)
        {
            await ServeResponse.UnauthorizedAsync(http).ConfigureAwait(false);
            return;
        }

        var key = Verify(http, body, out var verified);
        if (!verified)
        {
            await ServeResponse.UnauthorizedAsync(http).ConfigureAwait(false);
            return;
        }

        var functionId = query["fnId"].ToString();
        if (functionId.Length == 0)
        {
            await ServeResponse.InternalErrorAsync(http, "No function ID (fnId) found in the request.", _time, key).ConfigureAwait(false);
            return;
        }

        if (!_registry.TryGet(functionId, out _))
        {
            await ServeResponse.InternalErrorAsync(http, $"Could not find function with ID \"{functionId}\".", _time, key).ConfigureAwait(false);
            return;
        }

        var stepId = query["stepId"].ToString();
        if (stepId.Length == 0)
        {
            stepId = http.Request.Headers[ServeHeaders.StepId].ToString();
        }

        if (stepId.Length == 0)
        {
            stepId = StepIds.Discovery;
        }

        if (!TryParseCall(http, body, out var request, out var problem))
        {
            ServeLog.BadCall(_logger, functionId, problem);
            await ServeResponse.InternalErrorAsync(http, "Failed to parse data from executor: " + problem, _time, key).ConfigureAwait(false);
            return;
        }

        CallResponse response;
        try
        {
            if (request.Ctx.UseApi || request.UseApi)
            {
                await _api.LoadRunStateAsync(request, http.RequestAborted).ConfigureAwait(false);
            }

            response = await _handler.CallAsync(functionId, stepId, request, http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            ServeLog.CallCrashed(_logger, ex, functionId);
            await ServeResponse.InternalErrorAsync(http, ex.Message, _time, key).ConfigureAwait(false);
            return;
        }

        await WriteCallResponseAsync(http, response, key).ConfigureAwait(false);
    }

    private Task ProbeAsync(HttpContext http, string probe, byte[] body)
    {
        if (probe != "trust")
        {
            return ServeResponse.WriteAsync(
                http,
                StatusCodes.Status400BadRequest,
                JsonSerializer.SerializeToUtf8Bytes(SerializedError.Create("Error", $"Unknown probe \"{probe}\"."), ProtocolJsonContext.Default.SerializedError),
                null,
                _time);
        }

        var key = Verify(http, body, out var verified);
        return verified
            ? ServeResponse.WriteAsync(http, StatusCodes.Status200OK, ReadOnlyMemory<byte>.Empty, key, _time)
            : ServeResponse.UnauthorizedAsync(http);
    }

    private static bool TryParseCall(HttpContext http, byte[] body, out CallRequest request, out string problem)
    {
        request = null!;
        problem = "";
        try
        {
            using (var doc = JsonDocument.Parse(body))
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    problem = "the body is not a JSON object";
                    return false;
                }

                if (!root.TryGetProperty("event", out var e) || e.ValueKind != JsonValueKind.Object)
                {
                    problem = "'event' must be an object";
                    return false;
                }

                if (!root.TryGetProperty("ctx", out var ctx) || ctx.ValueKind != JsonValueKind.Object ||
                    !ctx.TryGetProperty("run_id", out var runId) || runId.ValueKind != JsonValueKind.String)
                {
                    problem = "'ctx.run_id' must be a string";
                    return false;
                }
            }

            request = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.CallRequest)!;
        }
        catch (JsonException ex)
        {
            problem = ex.Message;
            return false;
        }

        // A numeric x-inngest-req-version header overrides the body's version (reference §3.1).
        var header = http.Request.Headers["x-inngest-req-version"].ToString();
        if (int.TryParse(header, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version))
        {
            request.Version = version;
        }

        if (request.Version is not (-1 or 1 or 2))
        {
            problem = $"request version {request.Version} is not supported (expected -1, 1 or 2)";
            return false;
        }

        return true;
    }

    /// <summary>Maps a transport-neutral call result to status, headers and body exactly as reference §4.1.</summary>
    private Task WriteCallResponseAsync(HttpContext http, CallResponse response, SigningKey? key)
    {
        var headers = http.Response.Headers;
        switch (response.Outcome)
        {
            case CallOutcome.Completed:
                var output = response.Output.ValueKind == JsonValueKind.Undefined
                    ? NullJson
                    : JsonSerializer.SerializeToUtf8Bytes(response.Output, ProtocolJsonContext.Default.JsonElement);
                return ServeResponse.WriteAsync(http, StatusCodes.Status200OK, output, key, _time);

            case CallOutcome.Ops:
                if (response.Ops.Any(o => o.Op is OpcodeNames.StepError or OpcodeNames.StepFailed) || response.NoRetry)
                {
                    headers[ServeHeaders.NoRetry] = response.NoRetry ? "true" : "false";
                }

                if (response.RetryAfter is not null)
                {
                    headers[ServeHeaders.RetryAfter] = response.RetryAfter;
                }

                var ops = JsonSerializer.SerializeToUtf8Bytes(response.Ops as List<Opcode> ?? [.. response.Ops], ProtocolJsonContext.Default.ListOpcode);
                return ServeResponse.WriteAsync(http, StatusCodes.Status206PartialContent, ops, key, _time);

            default:
                headers[ServeHeaders.NoRetry] = response.NoRetry ? "true" : "false";
                if (response.RetryAfter is not null)
                {
                    headers[ServeHeaders.RetryAfter] = response.RetryAfter;
                }

                var error = JsonSerializer.SerializeToUtf8Bytes(response.Error ?? SerializedError.Create("Error", "Unknown error"), ProtocolJsonContext.Default.SerializedError);
                return ServeResponse.WriteAsync(http, response.NoRetry ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError, error, key, _time);
        }
    }
}
