using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Steadfast.Protocol.Signing;

namespace Steadfast.Sdk.AspNetCore;

/// <summary>Writes serve endpoint responses with the SDK headers and, in cloud mode, the response signature.</summary>
internal static class ServeResponse
{
    private static readonly byte[] UnauthorizedBody = """{"message":"Unauthorized"}"""u8.ToArray();

    /// <summary>
    /// Writes <paramref name="body"/> with the headers every SDK response carries; signs it with
    /// <paramref name="signWith"/> (the key that verified the request) when given.
    /// </summary>
    public static Task WriteAsync(HttpContext http, int status, ReadOnlyMemory<byte> body, SigningKey? signWith, TimeProvider time)
    {
        var response = http.Response;
        response.StatusCode = status;
        var headers = response.Headers;
        headers.ContentType = "application/json";
        headers[ServeHeaders.Sdk] = SdkIdentity.Name;
        headers.UserAgent = SdkIdentity.Name;
        headers[ServeHeaders.ReqVersion] = ServeHeaders.RequestVersion.ToString(CultureInfo.InvariantCulture);
        headers[ServeHeaders.SdkHandled] = "true";
        headers[ServeHeaders.FrameworkHeader] = ServeHeaders.Framework;
        if (signWith is not null)
        {
            // The response is signed over the exact bytes sent (not JCS), as the JS SDK does.
            headers[ServeHeaders.Signature] = RequestSigner.Sign(body.Span, signWith, time.GetUtcNow());
        }

        response.ContentLength = body.Length;
        return body.Length == 0 ? Task.CompletedTask : response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }

    /// <summary>Writes a JSON body built by <paramref name="write"/>.</summary>
    public static Task WriteJsonAsync(HttpContext http, int status, Action<Utf8JsonWriter> write, SigningKey? signWith, TimeProvider time) =>
        WriteAsync(http, status, Json(write), signWith, time);

    /// <summary>
    /// 401 <c>{"message":"Unauthorized"}</c>. Like the official SDKs, it carries no SDK identity headers except
    /// <c>x-inngest-sdk-handled</c>, so an unauthenticated caller learns nothing about the app.
    /// </summary>
    public static Task UnauthorizedAsync(HttpContext http)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.ContentType = "application/json";
        response.Headers[ServeHeaders.SdkHandled] = "true";
        response.ContentLength = UnauthorizedBody.Length;
        return response.Body.WriteAsync(UnauthorizedBody, http.RequestAborted).AsTask();
    }

    /// <summary><c>{"message": …}</c>.</summary>
    public static Task MessageAsync(HttpContext http, int status, string message, TimeProvider time, SigningKey? signWith = null) =>
        WriteJsonAsync(http, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("message", message);
            w.WriteEndObject();
        }, signWith, time);

    /// <summary>500 <c>{"type":"internal", …serialized error}</c>: an SDK-side failure the server retries.</summary>
    public static Task InternalErrorAsync(HttpContext http, string message, TimeProvider time, SigningKey? signWith = null) =>
        WriteJsonAsync(http, StatusCodes.Status500InternalServerError, w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "internal");
            w.WriteString("name", "Error");
            w.WriteString("message", message);
            w.WriteString("stack", "");
            w.WriteBoolean("__serialized", true);
            w.WriteEndObject();
        }, signWith, time);

    /// <summary>500 <c>{"code":"internal_server_error"}</c>: cloud mode without a signing key.</summary>
    public static Task MissingSigningKeyAsync(HttpContext http, TimeProvider time) =>
        WriteJsonAsync(http, StatusCodes.Status500InternalServerError, w =>
        {
            w.WriteStartObject();
            w.WriteString("code", "internal_server_error");
            w.WriteString("message", "The serve endpoint is in cloud mode but has no signing key; set INNGEST_SIGNING_KEY (or INNGEST_DEV=1 for development).");
            w.WriteEndObject();
        }, null, time);

    public static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
