using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Steadfast.Protocol.Events;
using Steadfast.Protocol.Json;
using Steadfast.Sdk.AspNetCore.Api;

namespace Steadfast.Sdk.AspNetCore.Events;

/// <summary>
/// Sends events to <c>POST {event api}/e/{eventKey}</c> as the official SDKs do: one JSON array per call, <c>ts</c> and
/// <c>data</c> filled in, and one <c>x-inngest-event-id-seed</c> kept across retries so that a retried send after a lost
/// answer is deduplicated by the server. Network errors, timeouts, 429 and 5xx are retried with exponential backoff.
/// </summary>
internal sealed class HttpEventSender : IEventSender
{
    internal const string HttpClientName = "Steadfast.EventApi";

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private readonly IHttpClientFactory _clients;
    private readonly ServeSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public HttpEventSender(IHttpClientFactory clients, ServeSettings settings, TimeProvider time, ILogger<HttpEventSender> logger)
    {
        _clients = clients;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> SendAsync(IReadOnlyList<EventPayload> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return [];
        }

        var key = _settings.EventKey ?? (_settings.IsDev
            ? ServeSettings.NoEventKey
            : throw new InvalidOperationException("No event key is configured: set INNGEST_EVENT_KEY or SteadfastServeOptions.EventKey to send events in cloud mode."));
        var url = ServeSettings.Combine(_settings.EventApiBaseUrl, "/e/" + Uri.EscapeDataString(key));
        var body = JsonSerializer.SerializeToUtf8Bytes(Normalize(events), ProtocolJsonContext.Default.ListEventPayload);
        var seed = EventIdSeed.Create(_time);
        var client = _clients.CreateClient(HttpClientName);
        var delay = _settings.EventSendBackoff;

        for (var attempt = 1; ; attempt++)
        {
            Exception? failure;
            HttpStatusCode? status = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                ServerApiClient.AddSdkHeaders(request.Headers, _settings);
                request.Headers.TryAddWithoutValidation(ServeHeaders.EventIdSeed, seed);
                using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                status = response.StatusCode;
                var text = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                var answer = TryRead(text);
                if (response.IsSuccessStatusCode && answer is { Status: 200, Error: null })
                {
                    return answer.Ids;
                }

                var reason = answer?.Error ?? (text.Length > 0 ? System.Text.Encoding.UTF8.GetString(text) : response.ReasonPhrase);
                failure = new EventSendException($"The event API answered {(int)response.StatusCode}: {reason}", response.StatusCode);
                if (!IsTransient(response.StatusCode))
                {
                    throw failure;
                }
            }
            catch (HttpRequestException ex)
            {
                failure = ex;
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = ex; // the HTTP client's timeout
            }

            if (attempt >= _settings.EventSendAttempts)
            {
                throw failure as EventSendException ?? new EventSendException($"Sending {events.Count} event(s) to {url} failed after {attempt} attempt(s): {failure.Message}", status, failure);
            }

            ServeLog.EventSendRetry(_logger, failure, events.Count, attempt, delay);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay *= 2;
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    private static SendEventsResponse? TryRead(byte[] text)
    {
        try
        {
            return text.Length == 0 ? null : JsonSerializer.Deserialize(text, ProtocolJsonContext.Default.SendEventsResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Copies the events with <c>data</c> defaulted to <c>{}</c> and <c>ts</c> to now, as the JS SDK sends them.</summary>
    private List<EventPayload> Normalize(IReadOnlyList<EventPayload> events)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var list = new List<EventPayload>(events.Count);
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e);
            if (string.IsNullOrWhiteSpace(e.Name))
            {
                throw new ArgumentException("Every event needs a name.", nameof(events));
            }

            list.Add(new EventPayload
            {
                Name = e.Name,
                Data = e.Data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? EmptyObject : e.Data,
                Id = e.Id,
                Ts = e.Ts != 0 ? e.Ts : now,
                Version = e.Version,
                User = e.User,
            });
        }

        return list;
    }
}
