using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Steadfast.Protocol.Calls;

namespace Steadfast.Engine.Runs;

public sealed partial class RunExecutor
{
    private const int MaxGatewayResponseBytes = 4 * 1024 * 1024;

    // One pooled client for every step.fetch / step.ai.infer the server performs on behalf of functions.
    private static readonly HttpClient Gateway = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
    })
    {
        Timeout = TimeSpan.FromMinutes(5),
    };

    /// <summary>
    /// Performs the HTTP requests of <c>Gateway</c> (<c>step.fetch</c>) and <c>AIGateway</c> (<c>step.ai.infer</c>) ops
    /// and turns each into the step's result: <c>{"url","headers","body","status_code"}</c> for fetch, the provider's
    /// JSON for inference. A network failure becomes a retriable step error.
    /// </summary>
    private static async Task<CallResponse> PerformGatewayOpsAsync(CallResponse response, CancellationToken cancellationToken)
    {
        if (response.Outcome != CallOutcome.Ops || !response.Ops.Any(o => o.Op is OpcodeNames.Gateway or OpcodeNames.AIGateway))
        {
            return response;
        }

        var ops = new List<Opcode>(response.Ops.Count);
        foreach (var op in response.Ops)
        {
            if (op.Op is not (OpcodeNames.Gateway or OpcodeNames.AIGateway))
            {
                ops.Add(op);
                continue;
            }

            var result = new Opcode { Id = op.Id, Name = op.Name, DisplayName = op.DisplayName, Userland = op.Userland, Opts = op.Opts };
            try
            {
                result.Data = op.Op == OpcodeNames.Gateway
                    ? await FetchAsync(op, cancellationToken).ConfigureAwait(false)
                    : await InferAsync(op, cancellationToken).ConfigureAwait(false);
                result.Op = OpcodeNames.StepRun;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or GatewayException or JsonException or UriFormatException or InvalidOperationException)
            {
                result.Op = OpcodeNames.StepError;
                result.Error = SerializedError.Create(op.Op == OpcodeNames.Gateway ? "FetchError" : "AIGatewayError", ex.Message);
            }

            ops.Add(result);
        }

        return CallResponse.WithOps(ops, response.NoRetry, response.RetryAfter);
    }

    private static async Task<JsonElement> FetchAsync(Opcode op, CancellationToken cancellationToken)
    {
        var opts = op.Opts ?? throw new GatewayException("step.fetch has no request options");
        var url = opts.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : throw new GatewayException("step.fetch has no url");
        var method = opts.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "GET";
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), RequireHttp(url));
        if (opts.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String)
        {
            request.Content = new StringContent(body.GetString()!, Encoding.UTF8);
            request.Content.Headers.ContentType = null;
        }

        AddHeaders(request, opts);
        using var response = await Gateway.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var text = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>(text.Length + 256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("url", url);
            w.WriteStartObject("headers");
            foreach (var h in response.Headers.Concat(response.Content.Headers))
            {
                w.WriteString(h.Key.ToLowerInvariant(), string.Join(", ", h.Value));
            }

            w.WriteEndObject();
            w.WriteString("body", text);
            w.WriteNumber("status_code", (int)response.StatusCode);
            w.WriteEndObject();
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }

    private static async Task<JsonElement> InferAsync(Opcode op, CancellationToken cancellationToken)
    {
        var opts = op.Opts ?? throw new GatewayException("step.ai.infer has no request options");
        var url = opts.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : throw new GatewayException("step.ai.infer has no url");
        using var request = new HttpRequestMessage(HttpMethod.Post, RequireHttp(url));
        var body = opts.TryGetProperty("body", out var b) ? b.GetRawText() : "{}";
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (opts.TryGetProperty("auth_key", out var key) && key.ValueKind == JsonValueKind.String && key.GetString() is { Length: > 0 } k)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", k);
        }

        AddHeaders(request, opts);
        using var response = await Gateway.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var text = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new GatewayException($"the inference provider answered {(int)response.StatusCode}: {Truncate(text)}");
        }

        return JsonElement.Parse(text);
    }

    private static Uri RequireHttp(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new GatewayException($"'{Truncate(url)}' is not an absolute http(s) URL");

    private static void AddHeaders(HttpRequestMessage request, JsonElement opts)
    {
        if (!opts.TryGetProperty("headers", out var headers) || headers.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var h in headers.EnumerateObject())
        {
            var value = h.Value.ValueKind == JsonValueKind.String ? h.Value.GetString()! : h.Value.GetRawText();
            if (!request.Headers.TryAddWithoutValidation(h.Name, value) && request.Content is not null)
            {
                request.Content.Headers.Remove(h.Name);
                request.Content.Headers.TryAddWithoutValidation(h.Name, value);
            }
        }
    }

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxGatewayResponseBytes)
        {
            throw new GatewayException($"the response is larger than {MaxGatewayResponseBytes} bytes");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var memory = new MemoryStream();
            var chunk = new byte[16384];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (memory.Length + read > MaxGatewayResponseBytes)
                {
                    throw new GatewayException($"the response is larger than {MaxGatewayResponseBytes} bytes");
                }

                memory.Write(chunk, 0, read);
            }

            return Encoding.UTF8.GetString(memory.GetBuffer(), 0, (int)memory.Length);
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private sealed class GatewayException(string message) : Exception(message);
}
