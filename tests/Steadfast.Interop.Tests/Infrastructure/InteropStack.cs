using System.Collections.Concurrent;

namespace Steadfast.Interop.Tests.Infrastructure;

/// <summary>
/// One dev server and one synced app per SDK major, shared by every test class. xUnit 2 runs classes of different
/// collections in parallel but shares a collection fixture only within one (serial) collection, so the shared pair is a
/// process-wide lazy instead; the children are killed when the test host exits (and the app also watches our pid).
/// </summary>
public sealed class InteropStack
{
    private static readonly ConcurrentDictionary<int, Lazy<Task<InteropStack>>> Stacks = new();

    private InteropStack(SteadfastServer server, InteropApp app, JsonNode? firstSync)
    {
        Server = server;
        App = app;
        FirstSync = firstSync;
    }

    public SteadfastServer Server { get; }

    public InteropApp App { get; }

    /// <summary>The body of the first PUT that synced the app (scenario 1).</summary>
    public JsonNode? FirstSync { get; }

    public int Major => App.Major;

    public string Fn(string id) => App.Fn(id);

    /// <summary>Onboarding's "3 days" sleep runs as this in tests.</summary>
    public const string SleepOverride = "2s";

    public static Task<InteropStack> ForMajorAsync(int major) =>
        Stacks.GetOrAdd(major, m => new Lazy<Task<InteropStack>>(() => StartAsync(m))).Value;

    private static async Task<InteropStack> StartAsync(int major)
    {
        var server = await SteadfastServer.StartAsync();
        var app = await InteropApp.StartAsync(major, $"interop-v{major}", InteropApp.DevEnv(server, ("SLEEP_OVERRIDE", SleepOverride)));
        var (status, body, _) = await app.SyncAsync();
        if (status != System.Net.HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"syncing the v{major} app failed: {(int)status} {body?.ToJsonString()}\n{app.Tail}\n{server.Tail}");
        }

        return new InteropStack(server, app, body);
    }

    /// <summary>A unique tag for a test's events, so observations of parallel tests never mix.</summary>
    public static string NewTag() => Guid.NewGuid().ToString("N")[..16];
}
