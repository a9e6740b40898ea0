using System.Globalization;
using System.Text;
using System.Text.Json;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Json;

namespace Steadfast.Engine.Drivers.Http;

/// <summary>Maps an SDK's HTTP answer to a <see cref="CallResponse"/> (reference §4.1, streaming §4.7).</summary>
internal static class ResponseMapper
{
    private const int MaxQuotedBody = 500;

    public static CallResponse Map(int status, IResponseHeaders headers, ReadOnlySpan<byte> body, bool streamed = false)
    {
        if (status == 201 && !streamed)
        {
            return MapStream(headers, body);
        }

        var isSdk = headers.Get("x-inngest-sdk") is { Length: > 0 };
        var version = int.TryParse(headers.Get("x-inngest-req-version"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v is 1 or 2 ? v : 2;
        var noRetry = string.Equals(headers.Get("x-inngest-no-retry")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        var retryAfter = headers.Get("retry-after") is { Length: > 0 } ra ? ra.Trim() : null;

        if (status is >= 200 and < 300)
        {
            if (!isSdk)
            {
                return Failure("NotAnSdkResponse", $"The URL answered HTTP {status} without an X-Inngest-SDK header: it is not an Inngest SDK endpoint. Body: {Quote(body)}", version);
            }

            if (status == 206)
            {
                return TryParseOps(body, out var ops, out var error)
                    ? new CallResponse { Outcome = CallOutcome.Ops, Ops = ops, NoRetry = noRetry, RetryAfter = retryAfter, RequestVersion = version }
                    : Failure("InvalidSdkResponse", $"The SDK answered 206 with a body that is not an opcode or a list of opcodes ({error}). Body: {Quote(body)}", version);
            }

            return new CallResponse { Outcome = CallOutcome.Completed, Output = ParseOutput(body), RequestVersion = version };
        }

        var serialized = ParseError(body);
        if (status == 401)
        {
            var why = serialized?.Message is { Length: > 0 } m ? m : "Unauthorized";
            return Failure("SdkUnauthorized", $"The SDK rejected the call with 401 ({why}): its signing key differs from the server's, the signature is stale, or it could not read the body (is a JSON body parser installed?).", version);
        }

        if (!isSdk)
        {
            return Failure("NotAnSdkResponse", $"The URL answered HTTP {status} without an X-Inngest-SDK header. Body: {Quote(body)}", version);
        }

        var err = serialized ?? Protocol.Calls.SerializedError.Create("Error", $"The SDK answered HTTP {status}: {Quote(body)}");
        return new CallResponse { Outcome = CallOutcome.Error, Error = err, NoRetry = noRetry, RetryAfter = retryAfter, RequestVersion = version };
    }

    private static CallResponse MapStream(IResponseHeaders outer, ReadOnlySpan<byte> body)
    {
        var start = 0;
        while (start < body.Length && body[start] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            start++;
        }

        try
        {
            using var doc = JsonDocument.Parse(body[start..].ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var s) || !s.TryGetInt32(out var status))
            {
                return Failure("InvalidSdkResponse", $"The SDK streamed a 201 response without a status. Body: {Quote(body)}", 2);
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in h.EnumerateObject())
                {
                    headers[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                }
            }

            byte[] inner = [];
            if (root.TryGetProperty("body", out var b))
            {
                inner = b.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(b.GetString()!) : Encoding.UTF8.GetBytes(b.GetRawText());
            }

            if (outer.Get("x-inngest-sdk") is { Length: > 0 } sdk && !headers.ContainsKey("x-inngest-sdk"))
            {
                headers["x-inngest-sdk"] = sdk;
            }

            return Map(status, new DictionaryHeaders(headers), inner, streamed: true);
        }
        catch (JsonException ex)
        {
            return Failure("InvalidSdkResponse", $"The SDK streamed a 201 response that is not JSON ({ex.Message}). Body: {Quote(body)}", 2);
        }
    }

    private static bool TryParseOps(ReadOnlySpan<byte> body, out IReadOnlyList<Opcode> ops, out string error)
    {
        ops = [];
        error = "";
        if (body.Trim((byte)' ').IsEmpty)
        {
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            switch (root.ValueKind)
            {
                case JsonValueKind.Array:
                    var list = root.Deserialize(ProtocolJsonContext.Default.ListOpcode) ?? [];
                    if (list.Exists(o => o is null || string.IsNullOrEmpty(o.Op)))
                    {
                        error = "an element has no op";
                        return false;
                    }

                    ops = list;
                    return true;
                case JsonValueKind.Object:
                    var op = root.Deserialize(ProtocolJsonContext.Default.Opcode);
                    if (op is null || string.IsNullOrEmpty(op.Op))
                    {
                        error = "the object has no op";
                        return false;
                    }

                    ops = [op];
                    return true;
                case JsonValueKind.Null:
                    return true;
                default:
                    error = $"a JSON {root.ValueKind}";
                    return false;
            }
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private static JsonElement ParseOutput(ReadOnlySpan<byte> body)
    {
        if (body.Trim((byte)' ').IsEmpty)
        {
            return JsonElement.Parse("null");
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            return JsonElement.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            // Not JSON: keep the text as a string output rather than losing it.
            return JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(body), ProtocolJsonContext.Default.String);
        }
    }

    private static SerializedError? ParseError(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                var error = root.Deserialize(ProtocolJsonContext.Default.SerializedError)!;
                if (string.IsNullOrEmpty(error.Name))
                {
                    error.Name = "Error";
                }

                return error;
            }

            if (root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String)
            {
                return Protocol.Calls.SerializedError.Create("Error", e.GetString()!);
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static CallResponse Failure(string name, string message, int version) =>
        new() { Outcome = CallOutcome.Error, Error = Protocol.Calls.SerializedError.Create(name, message), NoRetry = false, RequestVersion = version };

    private static string Quote(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return "(empty)";
        }

        var text = Encoding.UTF8.GetString(body.Length > MaxQuotedBody ? body[..MaxQuotedBody] : body);
        return body.Length > MaxQuotedBody ? text + "…" : text;
    }

    private sealed class DictionaryHeaders(Dictionary<string, string> headers) : IResponseHeaders
    {
        public string? Get(string name) => headers.GetValueOrDefault(name);
    }
}
