using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Ids;
using Steadfast.Protocol.Json;
using Steadfast.Protocol.Signing;

namespace Steadfast.Engine.Drivers.Http;

/// <summary>
/// Calls the functions of one app over HTTP the way Inngest's executor does (reference §3–§5): <c>POST
/// {url}?fnId=…&amp;stepId=…</c> with a JCS-canonical, optionally signed body, and maps the SDK's answer to a
/// <see cref="CallResponse"/>. Transport failures, garbage and non-SDK answers become retriable errors with a readable
/// message, so the run retries by the rules and ends Failed instead of hanging.
/// </summary>
public sealed class HttpFunctionDriver : IFunctionCallHandler
{
    private readonly HttpClient _client;
    private readonly IReadOnlyDictionary<string, Uri> _urls;
    private readonly HttpDriverOptions _options;
    private readonly TimeProvider _time;
    private readonly UlidGenerator _ids;

    /// <summary>Creates a driver for the functions in <paramref name="functionUrls"/> (composite id → <c>steps.step.runtime.url</c>).</summary>
    public HttpFunctionDriver(HttpClient client, IReadOnlyDictionary<string, Uri> functionUrls, HttpDriverOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(functionUrls);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _client = client;
        _urls = functionUrls;
        _options = options;
        _time = time;
        _ids = new UlidGenerator(time);
    }

    /// <inheritdoc />
    public async ValueTask<CallResponse> CallAsync(string functionId, string stepId, CallRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_urls.TryGetValue(functionId, out var baseUrl))
        {
            return Failure("FunctionNotFound", $"The app does not serve function '{functionId}' (resync the app).");
        }

        var url = CallUrl(baseUrl, functionId, stepId);
        var body = CallBody.Build(request, _options.MaxRequestBodyBytes);
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var headers = message.Headers;
        if (_options.SigningKey is { } key)
        {
            headers.TryAddWithoutValidation(RequestSigner.HeaderName, RequestSigner.Sign(body, key, _time.GetUtcNow()));
        }

        headers.TryAddWithoutValidation("X-Run-ID", request.Ctx.RunId);
        headers.TryAddWithoutValidation("X-Inngest-Step-ID", stepId);
        headers.TryAddWithoutValidation("x-inngest-req-version", request.Version.ToString(CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("x-request-id", _ids.Next());

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return Failure("SdkUnreachable", $"Could not reach the SDK at {Origin(url)}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure("SdkTimeout", $"The SDK at {Origin(url)} did not answer in time.");
        }

        using (response)
        {
            byte[] content;
            try
            {
                content = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                return Failure("SdkUnreachable", $"The SDK at {Origin(url)} broke the connection while answering: {ex.Message}");
            }
            catch (IOException ex)
            {
                return Failure("SdkUnreachable", $"The SDK at {Origin(url)} broke the connection while answering: {ex.Message}");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Failure("SdkTimeout", $"The SDK at {Origin(url)} did not finish its answer in time.");
            }

            if (content.Length > _options.MaxResponseBytes)
            {
                return Failure("SdkResponseTooLarge", $"The SDK answered more than {_options.MaxResponseBytes} bytes.");
            }

            return ResponseMapper.Map((int)response.StatusCode, new ResponseHeaders(response), content);
        }
    }

    /// <summary>The call URL: the function's URL with <c>fnId</c> and <c>stepId</c> set, query sorted.</summary>
    internal static Uri CallUrl(Uri baseUrl, string functionId, string stepId)
    {
        var query = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var q = baseUrl.Query.TrimStart('?');
        foreach (var pair in q.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            query[name] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
        }

        query["fnId"] = functionId;
        query["stepId"] = stepId;
        var builder = new UriBuilder(baseUrl)
        {
            Query = string.Join('&', query.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}")),
        };
        return builder.Uri;
    }

    private async Task<byte[]> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } length && length > _options.MaxResponseBytes)
        {
            return new byte[_options.MaxResponseBytes + 1];
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16384];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > _options.MaxResponseBytes)
                {
                    break;
                }
            }

            return buffer.ToArray();
        }
    }

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Path);

    private static CallResponse Failure(string name, string message) =>
        CallResponse.Failed(SerializedError.Create(name, message), noRetry: false);

    /// <summary>Header lookup over a real response.</summary>
    private sealed class ResponseHeaders(HttpResponseMessage response) : IResponseHeaders
    {
        public string? Get(string name) =>
            response.Headers.TryGetValues(name, out var v) || response.Content.Headers.TryGetValues(name, out v) ? string.Join(",", v) : null;
    }
}
