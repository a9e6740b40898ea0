using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Json;
using Steadfast.Protocol.Signing;
using Steadfast.Protocol.Sync;

namespace Steadfast.Sdk.AspNetCore.Api;

/// <summary>Calls the server's API: <c>/fn/register</c> and the <c>/v0/runs/{id}</c> state endpoints.</summary>
internal sealed class ServerApiClient
{
    internal const string HttpClientName = "Steadfast.ServerApi";

    private readonly IHttpClientFactory _clients;
    private readonly ServeSettings _settings;

    public ServerApiClient(IHttpClientFactory clients, ServeSettings settings)
    {
        _clients = clients;
        _settings = settings;
        RegisterUrl = ServeSettings.Combine(settings.ApiBaseUrl, "/fn/register");
    }

    public Uri RegisterUrl { get; }

    /// <summary>
    /// Posts the register body. The server's answer is read from its body (<c>status</c>, <c>error</c>,
    /// <c>modified</c>), because that is what the official SDKs relay; a body that is not a JSON object throws.
    /// </summary>
    /// <exception cref="HttpRequestException">The server could not be reached.</exception>
    /// <exception cref="JsonException">The reply is not a JSON object.</exception>
    public async Task<RegisterResult> RegisterAsync(RegisterRequest body, string? expectedServerKind, CancellationToken cancellationToken = default)
    {
        var url = body.DeployId is null ? RegisterUrl : new Uri(RegisterUrl + "?deployId=" + Uri.EscapeDataString(body.DeployId));
        var json = JsonSerializer.SerializeToUtf8Bytes(body, ProtocolJsonContext.Default.RegisterRequest);
        using var response = await SendWithFallbackAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(json) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.TryAddWithoutValidation("x-inngest-sync-kind", "out_of_band");
                if (expectedServerKind is not null)
                {
                    request.Headers.TryAddWithoutValidation(ServeHeaders.ExpectedServerKind, expectedServerKind);
                }

                return request;
            },
            cancellationToken).ConfigureAwait(false);

        var text = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"The register reply (HTTP {(int)response.StatusCode}) is not a JSON object.");
        }

        var status = root.TryGetProperty("status", out var s) && s.TryGetInt32(out var n) && n is >= 100 and <= 599 ? n : 200;
        var message = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "Successfully registered";
        var modified = root.TryGetProperty("modified", out var m) && m.ValueKind == JsonValueKind.True;
        return new RegisterResult(status, message, modified);
    }

    /// <summary>
    /// For <c>use_api</c> calls: replaces the request's events and steps with <c>GET /v0/runs/{id}/batch</c> and
    /// <c>/actions</c>, fetched in parallel (reference §3.3).
    /// </summary>
    /// <exception cref="HttpRequestException">The server could not be reached or answered an error.</exception>
    public async Task LoadRunStateAsync(CallRequest request, CancellationToken cancellationToken = default)
    {
        var runId = Uri.EscapeDataString(request.Ctx.RunId);
        var batch = GetJsonAsync(ServeSettings.Combine(_settings.ApiBaseUrl, $"/v0/runs/{runId}/batch"), cancellationToken);
        var actions = GetJsonAsync(ServeSettings.Combine(_settings.ApiBaseUrl, $"/v0/runs/{runId}/actions"), cancellationToken);
        using var events = await batch.ConfigureAwait(false);
        using var steps = await actions.ConfigureAwait(false);
        if (events.RootElement.ValueKind != JsonValueKind.Array || steps.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new HttpRequestException("The run state from the API has the wrong shape (batch must be an array, actions an object).");
        }

        request.Events = [.. events.RootElement.EnumerateArray().Select(e => e.Clone())];
        request.Steps = steps.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        if (request.Event.ValueKind != JsonValueKind.Object && request.Events.Count > 0)
        {
            request.Event = request.Events[0];
        }
    }

    private async Task<JsonDocument> GetJsonAsync(Uri url, CancellationToken cancellationToken)
    {
        using var response = await SendWithFallbackAsync(() => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {url.AbsolutePath} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}", null, response.StatusCode);
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new HttpRequestException($"GET {url.AbsolutePath} did not answer JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Sends with the hashed primary key; on 401/403 once more with the hashed fallback key (reference §2.2).</summary>
    private async Task<HttpResponseMessage> SendWithFallbackAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        var client = _clients.CreateClient(HttpClientName);
        var response = await SendAsync(client, create(), _settings.SigningKey, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && _settings.SigningKeyFallback is not null)
        {
            response.Dispose();
            response = await SendAsync(client, create(), _settings.SigningKeyFallback, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, SigningKey? key, CancellationToken cancellationToken)
    {
        using (request)
        {
            AddSdkHeaders(request.Headers, _settings);
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.HashedBearer());
            }

            return await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The identity headers every SDK request carries (reference §2.2).</summary>
    internal static void AddSdkHeaders(HttpRequestHeaders headers, ServeSettings settings)
    {
        headers.TryAddWithoutValidation("User-Agent", SdkIdentity.Name);
        headers.TryAddWithoutValidation(ServeHeaders.Sdk, SdkIdentity.Name);
        headers.TryAddWithoutValidation(ServeHeaders.SdkHandled, "true");
        headers.TryAddWithoutValidation(ServeHeaders.FrameworkHeader, ServeHeaders.Framework);
        if (settings.Env is not null)
        {
            headers.TryAddWithoutValidation(ServeHeaders.Env, settings.Env);
        }
    }
}
