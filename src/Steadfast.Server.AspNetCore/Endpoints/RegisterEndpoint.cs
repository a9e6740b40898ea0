using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Steadfast.Protocol.Json;
using Steadfast.Protocol.Sync;
using Steadfast.Server.AspNetCore.Sync;

namespace Steadfast.Server.AspNetCore.Endpoints;

/// <summary>
/// <c>POST /fn/register</c>: out-of-band sync (reference §2.2). The JS SDK reads <c>status</c> and <c>error</c> from the
/// body, so every reply carries both.
/// </summary>
internal static class RegisterEndpoint
{
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    public static async Task RegisterAsync(HttpContext http, AppRegistry registry, ServerKeys keys, SteadfastServerOptions options)
    {
        if (!keys.Authorize(http.Request.Headers.Authorization))
        {
            await ReplyAsync(http, new RegisterResponse { Status = 401, Error = "Unauthorized: the bearer token does not match the server's signing key", Code = "unauthorized" }).ConfigureAwait(false);
            return;
        }

        var expected = http.Request.Headers["X-Inngest-Expected-Server-Kind"].ToString();
        if (expected.Length > 0 && !string.Equals(expected, options.ServerKind, StringComparison.OrdinalIgnoreCase))
        {
            await ReplyAsync(http, new RegisterResponse { Status = 400, Error = $"Expected server kind {expected}, got {options.ServerKind}", Code = "server_kind_mismatch" }).ConfigureAwait(false);
            return;
        }

        JsonElement body;
        RegisterRequest? request;
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
            if (buffer.Length > MaxBodyBytes)
            {
                await ReplyAsync(http, new RegisterResponse { Status = 413, Error = $"the sync body is larger than {MaxBodyBytes} bytes" }).ConfigureAwait(false);
                return;
            }

            body = JsonElement.Parse(buffer.ToArray());
            request = body.ValueKind == JsonValueKind.Object ? body.Deserialize(ProtocolJsonContext.Default.RegisterRequest) : null;
        }
        catch (JsonException ex)
        {
            await ReplyAsync(http, new RegisterResponse { Status = 400, Error = $"the sync body is not a valid registration: {ex.Message}", Code = "invalid_request" }).ConfigureAwait(false);
            return;
        }

        if (request is null)
        {
            await ReplyAsync(http, new RegisterResponse { Status = 400, Error = "the sync body must be a JSON object", Code = "invalid_request" }).ConfigureAwait(false);
            return;
        }

        var result = await registry.SyncAsync(new AppSync
        {
            AppId = request.AppName ?? "",
            Url = request.Url ?? "",
            Sdk = request.Sdk ?? "",
            Framework = request.Framework ?? "",
            Functions = request.Functions ?? [],
        }, http.RequestAborted).ConfigureAwait(false);
        await ReplyAsync(http, new RegisterResponse
        {
            Ok = result.Ok,
            Status = result.Status,
            Error = result.Error,
            Code = result.Code,
            Modified = result.Modified,
            AppId = result.AppId,
            SyncId = result.Ok ? Guid.NewGuid().ToString() : null,
        }).ConfigureAwait(false);
    }

    private static Task ReplyAsync(HttpContext http, RegisterResponse response)
    {
        http.Response.StatusCode = response.Status;
        return http.Response.WriteAsJsonAsync(response, ProtocolJsonContext.Default.RegisterResponse, cancellationToken: http.RequestAborted);
    }
}
