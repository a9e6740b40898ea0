using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Steadfast.Engine.Storage;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>
/// A real <c>steadfast dev</c> process on a free loopback port and a SQLite directory of its own. Runs are read through
/// its REST API; waits are woken by its live stream (<c>GET /v1/stream</c>, Server-Sent Events). It can be killed
/// (SIGKILL: "the server is down") and started again on the same port and directory.
/// </summary>
public sealed class DevServer : IRunSource, IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly HttpClient _streamClient;
    private Process? _process;

    private readonly string? _signingKey;
    private readonly string? _eventKey;

    private DevServer(int port, string directory, string? signingKey, string? eventKey)
    {
        Port = port;
        Directory = directory;
        _signingKey = signingKey;
        _eventKey = eventKey;
        Url = new Uri($"http://127.0.0.1:{port}/");
        Client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(10) };
        _streamClient = new HttpClient { BaseAddress = Url, Timeout = Timeout.InfiniteTimeSpan };
        if (signingKey is not null)
        {
            // In start mode the REST API and the live stream need the signing key as a bearer credential.
            Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", signingKey);
            _streamClient.DefaultRequestHeaders.Authorization = Client.DefaultRequestHeaders.Authorization;
        }
    }

    public int Port { get; }

    /// <summary>Gets the signing key in start mode; null for a dev server.</summary>
    public string? SigningKey => _signingKey;

    /// <summary>Gets the event key in start mode.</summary>
    public string? EventKey => _eventKey;

    public string Directory { get; }

    public Uri Url { get; }

    public HttpClient Client { get; }

    /// <summary>What the process printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>steadfast dev</c>, or <c>steadfast start</c> with these keys when <paramref name="signingKey"/> is set.</summary>
    public static async Task<DevServer> StartAsync(string? signingKey = null, string? eventKey = null)
    {
        var server = new DevServer(SteadfastCli.FreePort(), Path.Combine(Path.GetTempPath(), "clerk-user-sync-tests", "dev-" + Guid.NewGuid().ToString("N")), signingKey, eventKey);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Starts the process again after <see cref="Kill"/>, on the same port and database.</summary>
    public Task RestartAsync() => _process is { HasExited: false } ? throw new InvalidOperationException("the server is running") : StartProcessAsync();

    /// <summary>SIGKILL: no shutdown, connections reset.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
    }

    public async Task<IReadOnlyList<RunView>> RunsAsync(string eventId)
    {
        using var doc = await GetJsonAsync($"v1/events/{Uri.EscapeDataString(eventId)}/runs");
        return [.. doc.RootElement.GetProperty("data").EnumerateArray().Select(Run)];
    }

    /// <summary>Every run the server has (up to 1,000), newest first.</summary>
    public async Task<IReadOnlyList<RunView>> AllRunsAsync()
    {
        using var doc = await GetJsonAsync("v1/runs?limit=1000");
        return [.. doc.RootElement.GetProperty("data").EnumerateArray().Select(Run)];
    }

    public async Task<RunView> RunAsync(string runId)
    {
        using var doc = await GetJsonAsync($"v1/runs/{Uri.EscapeDataString(runId)}");
        return Run(doc.RootElement.GetProperty("data"));
    }

    public async Task<bool> IsAsleepAsync(string runId) => (await HistoryTypesAsync(runId)).Contains(HistoryTypes.SleepStarted);

    public async Task<IReadOnlyList<string>> HistoryTypesAsync(string runId)
    {
        using var doc = await GetJsonAsync($"v1/runs/{Uri.EscapeDataString(runId)}/history");
        return [.. doc.RootElement.GetProperty("data").EnumerateArray().Select(h => h.GetProperty("type").GetString()!)];
    }

    /// <summary>The stored events named <paramref name="name"/>: (user-facing id, internal id), duplicates included.</summary>
    public async Task<IReadOnlyList<(string Id, string InternalId)>> EventsAsync(string name)
    {
        using var doc = await GetJsonAsync($"v1/events?name={Uri.EscapeDataString(name)}&limit=1000");
        return [.. doc.RootElement.GetProperty("data").EnumerateArray().Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("internal_id").GetString()!))];
    }

    /// <summary>The apps the server knows (<c>GET /dev</c> handlers): app id → serve URL.</summary>
    public async Task<IReadOnlyDictionary<string, string>> AppsAsync()
    {
        using var doc = await GetJsonAsync("dev");
        return doc.RootElement.GetProperty("handlers").EnumerateArray().ToDictionary(h => h.GetProperty("app_id").GetString()!, h => h.GetProperty("url").GetString()!);
    }

    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var stop = new CancellationTokenSource();
        using var signal = new SemaphoreSlim(0);
        using var stream = await _streamClient.SendAsync(new HttpRequestMessage(HttpMethod.Get, "v1/stream"), HttpCompletionOption.ResponseHeadersRead);
        stream.EnsureSuccessStatusCode();
        var reader = Task.Run(async () =>
        {
            // Subscribed before the first check, so a transition between the check and the wait still wakes it.
            using var lines = new StreamReader(await stream.Content.ReadAsStreamAsync(stop.Token));
            while (await lines.ReadLineAsync(stop.Token) is { } line)
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    signal.Release();
                }
            }
        });
        try
        {
            await Waiting.UntilAsync(condition, signal, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; server output:\n{Output}", e);
        }
        finally
        {
            await stop.CancelAsync();
            await reader.ContinueWith(_ => { }, TaskScheduler.Default); // cancelled or ended with the stream
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        Client.Dispose();
        _streamClient.Dispose();
        await Task.Yield();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static RunView Run(JsonElement r) => new(
        r.GetProperty("run_id").GetString()!,
        r.GetProperty("function_id").GetString()!,
        Enum.Parse<RunStatus>(r.GetProperty("state").GetString()!),
        r.GetProperty("output") is { ValueKind: not JsonValueKind.Null } output ? output.GetRawText() : null);

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        return JsonDocument.Parse(body);
    }

    /// <summary>Starts the process and waits for its start-up banner, printed once Kestrel listens.</summary>
    private async Task StartProcessAsync()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string[] mode = _signingKey is null
            ? ["dev"]
            : ["start", "--host", "127.0.0.1", "--signing-key", _signingKey, "--event-key", _eventKey ?? throw new InvalidOperationException("start mode needs an event key")];
        var process = Process.Start(SteadfastCli.StartInfo(
        [
            .. mode, "--port", Port.ToString(CultureInfo.InvariantCulture), "--sqlite-dir", Directory, "--no-discovery", "--retry-interval", "0.2",
        ]))!;
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (line.Contains("is running", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"steadfast exited with {process.ExitCode}:\n{Output}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process?.Dispose();
        _process = process;
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }
}
