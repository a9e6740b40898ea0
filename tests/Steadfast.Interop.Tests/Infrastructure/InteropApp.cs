using System.Diagnostics;
using System.Net;
using System.Text;

namespace Steadfast.Interop.Tests.Infrastructure;

/// <summary>The Node app of <c>interop/js</c> (official inngest SDK + Express) as a child process, and a client for it.</summary>
public sealed class InteropApp : IDisposable
{
    private static readonly SemaphoreSlim NpmLock = new(1, 1);
    private static bool _npmChecked;
    private readonly ChildProcess _process;

    private InteropApp(ChildProcess process, int port, int major, string appId)
    {
        _process = process;
        Port = port;
        Major = major;
        AppId = appId;
        Http = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public int Major { get; }

    public string AppId { get; }

    public HttpClient Http { get; }

    /// <summary>The serve URL, as a user would give it (localhost).</summary>
    public string ServeUrl => $"http://localhost:{Port}/api/inngest";

    /// <summary>The <c>sdk</c> field the SDK reports at registration.</summary>
    public string SdkVersion => Major == 4 ? "4.24.0" : "3.54.2";

    public string Tail => _process.Tail;

    /// <summary>The composite function id (<c>{appId}-{id}</c>).</summary>
    public string Fn(string id) => $"{AppId}-{id}";

    /// <summary>
    /// Starts <c>node interop/js/app.js</c>. <paramref name="env"/> usually carries <c>INNGEST_DEV</c> (or the cloud-mode
    /// variables); <c>PORT</c>, <c>SDK_MAJOR</c>, <c>APP_ID</c> and <c>PARENT_PID</c> are set here.
    /// </summary>
    public static async Task<InteropApp> StartAsync(int major, string appId, IReadOnlyDictionary<string, string?> env, string mode = "full", int? port = null)
    {
        await EnsureNodeModulesAsync();
        port ??= Paths.FreePort();
        var all = new Dictionary<string, string?>
        {
            ["PORT"] = port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SDK_MAJOR"] = major.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["APP_ID"] = appId,
            ["APP_MODE"] = mode,
            ["PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["NODE_ENV"] = null,
            ["INNGEST_DEV"] = null,
            ["INNGEST_BASE_URL"] = null,
            ["INNGEST_SIGNING_KEY"] = null,
            ["INNGEST_EVENT_KEY"] = null,
        };
        foreach (var (k, v) in env)
        {
            all[k] = v;
        }

        var process = ChildProcess.Start($"interop app v{major} {appId} :{port}", "node", ["app.js"], Paths.InteropApp, all);
        var app = new InteropApp(process, port.Value, major, appId);
        try
        {
            await Eventually.Until(
                async () => process.HasExited || await app.IsUpAsync(),
                up => up,
                $"the interop app on :{port}",
                TimeSpan.FromSeconds(30),
                () => process.Tail);
            if (process.HasExited)
            {
                throw new InvalidOperationException("the interop app exited\n" + process.Tail);
            }
        }
        catch
        {
            app.Dispose();
            throw;
        }

        return app;
    }

    /// <summary>Dev-mode environment pointing the SDK at <paramref name="server"/>.</summary>
    public static Dictionary<string, string?> DevEnv(SteadfastServer server, params (string Key, string? Value)[] extra)
    {
        var env = new Dictionary<string, string?> { ["INNGEST_DEV"] = server.Url };
        foreach (var (k, v) in extra)
        {
            env[k] = v;
        }

        return env;
    }

    public void Dispose()
    {
        _process.Dispose();
        Http.Dispose();
    }

    /// <summary><c>PUT /api/inngest</c> — asks the SDK to register itself (out-of-band unless headers say otherwise).</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SyncAsync(IReadOnlyDictionary<string, string>? headers = null, string? query = null)
    {
        using var req = new HttpRequestMessage(HttpMethod.Put, "/api/inngest" + (query ?? ""));
        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
        {
            req.Headers.TryAddWithoutValidation(k, v);
        }

        var res = await Http.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        JsonNode? body = null;
        try
        {
            body = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            body = JsonValue.Create(text);
        }

        return (res.StatusCode, body, res);
    }

    /// <summary>Syncs and asserts that the SDK reported success.</summary>
    public async Task<JsonNode?> SyncOkAsync()
    {
        var (status, body, _) = await SyncAsync();
        Assert.True(status == HttpStatusCode.OK, $"PUT {ServeUrl} answered {(int)status}: {body?.ToJsonString()}\n{Tail}");
        return body;
    }

    public async Task<JsonArray> MarksAsync(string tag, string? kind = null) =>
        await GetArrayAsync($"/observations/marks?tag={Uri.EscapeDataString(tag)}" + (kind is null ? "" : $"&kind={Uri.EscapeDataString(kind)}"));

    public Task<JsonArray> WaitForMarksAsync(string tag, string kind, int count, TimeSpan? timeout = null) =>
        Eventually.Until(() => MarksAsync(tag, kind), a => a.Count >= count, $"{count} '{kind}' marks for tag {tag}", timeout, () => Tail);

    /// <summary>Every POST the server made for the run (request summary and the SDK's response), in arrival order.</summary>
    public Task<JsonArray> CallsForRunAsync(string runId) => GetArrayAsync($"/observations/calls?run={Uri.EscapeDataString(runId)}");

    public Task<JsonArray> CallsForFnAsync(string fnId) => GetArrayAsync($"/observations/calls?fn={Uri.EscapeDataString(fnId)}");

    public Task<JsonArray> RequestsOfKindAsync(string method) => GetArrayAsync($"/observations/calls?kind={method}");

    /// <summary>Requests the SDK made to the server with the given path (e.g. <c>/fn/register</c>).</summary>
    public Task<JsonArray> OutboundAsync(string path) => GetArrayAsync($"/observations/outbound?path={Uri.EscapeDataString(path)}");

    public Task<JsonArray> OutboundContainingAsync(string text) => GetArrayAsync($"/observations/outbound?contains={Uri.EscapeDataString(text)}");

    /// <summary><c>inngest.send(payload)</c> inside the app; returns the SDK's result or throws with its error.</summary>
    public async Task<JsonNode> SdkSendAsync(string json)
    {
        using var res = await Http.PostAsync("/send", new StringContent(json, Encoding.UTF8, "application/json"));
        var body = JsonNode.Parse(await res.Content.ReadAsStringAsync())!;
        Assert.True(res.IsSuccessStatusCode, $"inngest.send failed: {body.ToJsonString()}");
        return body["result"]!;
    }

    public async Task<JsonArray> GetArrayAsync(string path)
    {
        try
        {
            var text = await Http.GetStringAsync(path);
            return JsonNode.Parse(text)!.AsArray();
        }
        catch (HttpRequestException ex)
        {
            throw new HttpRequestException($"GET {path} on the interop app failed: {ex.Message}\n{Tail}", ex);
        }
    }

    private async Task<bool> IsUpAsync()
    {
        try
        {
            using var r = await Http.GetAsync("/healthz");
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

    /// <summary>Runs <c>npm ci</c> in interop/js once if its node_modules is missing (CI also does it up front).</summary>
    private static async Task EnsureNodeModulesAsync()
    {
        await NpmLock.WaitAsync();
        try
        {
            if (_npmChecked)
            {
                return;
            }

            if (!Directory.Exists(Path.Combine(Paths.InteropApp, "node_modules", "inngest")) || !Directory.Exists(Path.Combine(Paths.InteropApp, "node_modules", "inngest3")))
            {
                var psi = new ProcessStartInfo("npm") { WorkingDirectory = Paths.InteropApp, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
                {
                    psi.ArgumentList.Add(a);
                }

                using var npm = Process.Start(psi)!;
                var stdout = npm.StandardOutput.ReadToEndAsync();
                var stderr = npm.StandardError.ReadToEndAsync();
                await npm.WaitForExitAsync();
                if (npm.ExitCode != 0)
                {
                    throw new InvalidOperationException($"npm ci in {Paths.InteropApp} failed ({npm.ExitCode}): {await stdout}{await stderr}");
                }
            }

            _npmChecked = true;
        }
        finally
        {
            NpmLock.Release();
        }
    }
}
