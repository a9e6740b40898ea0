using System.Net;
using System.Text;

namespace Steadfast.Interop.Tests.Infrastructure;

/// <summary>A real <c>steadfast</c> server process on a loopback port, and a client for its event and REST APIs.</summary>
public sealed class SteadfastServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _dataDir;

    private SteadfastServer(ChildProcess process, int port, string dataDir)
    {
        _process = process;
        _dataDir = dataDir;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public HttpClient Http { get; }

    /// <summary>The event key used in <c>/e/{key}</c> (any key works in dev mode).</summary>
    public string EventKey { get; init; } = "interop-key";

    public string Tail => _process.Tail;

    /// <summary>
    /// Starts <c>steadfast dev</c> (or <c>start</c>) with <c>--retry-interval 1 --no-discovery</c> unless
    /// <paramref name="discovery"/>; extra arguments are appended.
    /// </summary>
    public static async Task<SteadfastServer> StartAsync(string verb = "dev", IEnumerable<string>? extraArgs = null, bool discovery = false, IReadOnlyDictionary<string, string?>? env = null, string eventKey = "interop-key")
    {
        var port = Paths.FreePort();
        var dir = Paths.TempDir("steadfast-interop");
        List<string> args = [Paths.ServerDll, verb, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--sqlite-dir", dir, "--retry-interval", "1"];
        if (!discovery)
        {
            args.Add("--no-discovery");
        }

        args.AddRange(extraArgs ?? []);
        var process = ChildProcess.Start($"steadfast {verb} :{port}", "dotnet", args, dir, env);
        var keyIndex = args.IndexOf("--signing-key");
        var server = new SteadfastServer(process, port, dir) { EventKey = eventKey, SigningKey = keyIndex >= 0 && keyIndex + 1 < args.Count ? args[keyIndex + 1] : null };
        try
        {
            await Eventually.Until(
                async () => !process.HasExited && await server.IsHealthyAsync(),
                ok => ok || process.HasExited,
                "GET /health",
                TimeSpan.FromSeconds(60),
                () => process.Tail);
            if (process.HasExited)
            {
                throw new InvalidOperationException("the server exited before it was healthy\n" + process.Tail);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Dispose();
        Http.Dispose();
        await Task.Yield();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // ---- raw HTTP -------------------------------------------------------------------------------

    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendRawAsync(HttpMethod method, string path, string? json = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var req = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            req.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
        {
            req.Headers.TryAddWithoutValidation(k, v);
        }

        var res = await Http.SendAsync(req);
        var body = await res.Content.ReadAsStringAsync();
        return (res.StatusCode, body, res);
    }

    /// <summary>The signing key of a <c>start</c> server: the REST API requires it there (as a bearer token).</summary>
    public string? SigningKey { get; private set; }

    public async Task<JsonNode?> GetJsonAsync(string path)
    {
        var headers = SigningKey is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + SigningKey };
        var (status, body, _) = await SendRawAsync(HttpMethod.Get, path, headers: headers);
        return status == HttpStatusCode.OK ? JsonNode.Parse(body) : null;
    }

    // ---- event API --------------------------------------------------------------------------------

    /// <summary><c>POST /e/{key}</c> with a JSON body (one event or an array); expects 200 and returns the ids.</summary>
    public async Task<string[]> SendEventsAsync(string json, IReadOnlyDictionary<string, string>? headers = null)
    {
        var (status, body, _) = await SendRawAsync(HttpMethod.Post, $"/e/{EventKey}", json, headers);
        Assert.True(status == HttpStatusCode.OK, $"POST /e/{EventKey} answered {(int)status}: {body}");
        var node = JsonNode.Parse(body)!;
        Assert.Equal(200, node["status"]!.GetValue<int>());
        return [.. node["ids"]!.AsArray().Select(i => i!.GetValue<string>())];
    }

    public async Task<string> SendEventAsync(string name, object data, IReadOnlyDictionary<string, string>? headers = null)
    {
        var ids = await SendEventsAsync(new JsonObject { ["name"] = name, ["data"] = JsonSerializerNode(data) }.ToJsonString(), headers);
        return Assert.Single(ids);
    }

    public static JsonNode? JsonSerializerNode(object data) => data as JsonNode ?? System.Text.Json.JsonSerializer.SerializeToNode(data);

    // ---- REST API -----------------------------------------------------------------------------------

    public async Task<JsonArray> RunsForEventAsync(string eventId) =>
        (await GetJsonAsync($"/v1/events/{eventId}/runs"))?["data"]?.AsArray() ?? [];

    public async Task<JsonObject?> RunAsync(string runId) => (await GetJsonAsync($"/v1/runs/{runId}"))?["data"]?.AsObject();

    public async Task<JsonArray> HistoryAsync(string runId) => (await GetJsonAsync($"/v1/runs/{runId}/history"))?["data"]?.AsArray() ?? [];

    public async Task<JsonObject?> EventAsync(string eventId) => (await GetJsonAsync($"/v1/events/{eventId}"))?["data"]?.AsObject();

    public async Task<JsonArray> EventsNamedAsync(string name) =>
        (await GetJsonAsync($"/v1/events?name={Uri.EscapeDataString(name)}&limit=1000"))?["data"]?.AsArray() ?? [];

    public async Task<JsonObject> DevAsync() => (await GetJsonAsync("/dev"))?.AsObject() ?? throw new InvalidOperationException("GET /dev failed");

    /// <summary>The runs of <paramref name="functionId"/> started by the event.</summary>
    public async Task<List<JsonObject>> RunsOfAsync(string eventId, string functionId) =>
        [.. (await RunsForEventAsync(eventId)).Select(r => r!.AsObject()).Where(r => (string?)r["function_id"] == functionId)];

    /// <summary>Waits until the event has started a run of the function, and returns it (any state).</summary>
    public async Task<JsonObject> WaitForRunStartAsync(string eventId, string functionId, TimeSpan? timeout = null) =>
        (await Eventually.Until(() => RunsOfAsync(eventId, functionId), l => l.Count > 0, $"a run of {functionId} for event {eventId}", timeout, () => Tail))[0];

    /// <summary>Waits until the event's run of the function has ended (Completed, Failed or Cancelled), and returns it.</summary>
    public async Task<JsonObject> WaitForRunEndAsync(string eventId, string functionId, TimeSpan? timeout = null) =>
        (await Eventually.Until(
            () => RunsOfAsync(eventId, functionId),
            l => l.Count > 0 && IsTerminal(l[0]),
            $"the run of {functionId} for event {eventId} to end",
            timeout,
            () => Tail))[0];

    public async Task<JsonObject> WaitForRunStatusAsync(string runId, string status, TimeSpan? timeout = null) =>
        (await Eventually.Until(async () => await RunAsync(runId), r => (string?)r?["status"] == status, $"run {runId} to be {status}", timeout, () => Tail))!;

    public static bool IsTerminal(JsonObject run) => (string?)run["status"] is "Completed" or "Failed" or "Cancelled";

    public async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var r = await Http.GetAsync("/health");
            return r.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
