using System.Net;
using System.Text;
using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenarios 38–40: <c>steadfast start</c> with keys and a cloud-mode app.</summary>
public sealed class SigningTests
{
    private const string EventKey = "interop-event-key";

    private static Task<SteadfastServer> StartServerAsync(string signingKey) =>
        SteadfastServer.StartAsync("start", ["--host", "127.0.0.1", "--signing-key", signingKey, "--event-key", EventKey], eventKey: EventKey);

    private static Dictionary<string, string?> CloudEnv(SteadfastServer server, string signingKey, string? fallback = null) => new()
    {
        ["INNGEST_DEV"] = "0",
        ["INNGEST_BASE_URL"] = server.Url,
        ["INNGEST_SIGNING_KEY"] = signingKey,
        ["INNGEST_SIGNING_KEY_FALLBACK"] = fallback,
        ["INNGEST_EVENT_KEY"] = EventKey,
    };

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S38_StartMode_SignedCallsAndHashedBearerAccepted(int major)
    {
        var key = Signatures.NewSigningKey();
        await using var server = await StartServerAsync(key);
        using var app = await InteropApp.StartAsync(major, $"interop-signed-v{major}", CloudEnv(server, key), mode: "small");

        await app.SyncOkAsync();
        var register = (await app.OutboundAsync("/fn/register")).Last()!;
        Assert.Equal($"Bearer {Signatures.HashedBearer(key)}", (string?)register["headers"]!["authorization"]);
        Assert.Equal(200, (int)register["status"]!);

        var tag = InteropStack.NewTag();
        var sent = await app.SdkSendAsync(new JsonObject { ["name"] = $"{app.AppId}/steps", ["data"] = new JsonObject { ["tag"] = tag } }.ToJsonString());
        var id = (string)sent["ids"]![0]!;
        var run = await server.WaitForRunEndAsync(id, app.Fn("steps"));

        Assert.Equal("Completed", (string?)run["status"]);
        Assert.Equal("""{"sum":6}""", run["output"]!.ToJsonString());
        var calls = await app.CallsForRunAsync((string)run["run_id"]!);
        Assert.All(calls, c =>
        {
            var sig = Calls.RequestHeader(c!, "x-inngest-signature");
            Assert.Matches(@"^t=\d+&s=[0-9a-f]{64}$", sig);
            var t = long.Parse(sig!.Split('&')[0][2..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(Calls.At(c!) / 1000 - t, -300, 300);
            Assert.NotEqual(401, Calls.Status(c!));
        });
    }

    [Fact]
    public async Task S38_StartMode_WrongBearerAndMissingKeysRefused401()
    {
        var key = Signatures.NewSigningKey();
        await using var server = await StartServerAsync(key);

        var body = new JsonObject { ["url"] = "http://localhost:1/api/inngest", ["appName"] = "intruder", ["deployType"] = "ping", ["framework"] = "express", ["sdk"] = "js:v4.24.0", ["v"] = "0.1", ["functions"] = new JsonArray() }.ToJsonString();
        var wrong = await server.SendRawAsync(HttpMethod.Post, "/fn/register", body, new Dictionary<string, string> { ["Authorization"] = "Bearer " + Signatures.HashedBearer(Signatures.NewSigningKey()) });
        var none = await server.SendRawAsync(HttpMethod.Post, "/fn/register", body);
        var badEventKey = await server.SendRawAsync(HttpMethod.Post, "/e/not-the-key", """{"name":"x/y","data":{}}""");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, none.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, badEventKey.Status);
        Assert.DoesNotContain("intruder", (await server.DevAsync()).ToJsonString(), StringComparison.Ordinal);

        // The raw key is accepted as well as its hash (reference §7).
        var raw = await server.SendRawAsync(HttpMethod.Post, "/fn/register", body, new Dictionary<string, string> { ["Authorization"] = "Bearer " + key });
        Assert.Equal(HttpStatusCode.OK, raw.Status);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S38_StartMode_AppWithAnotherKeyAnswers401RunRetriedThenFailed(int major)
    {
        var key = Signatures.NewSigningKey();
        await using var server = await StartServerAsync(key);
        var appId = $"interop-rekeyed-v{major}";
        int port;
        using (var app = await InteropApp.StartAsync(major, appId, CloudEnv(server, key), mode: "small"))
        {
            await app.SyncOkAsync();
            port = app.Port;
        }

        // Same app, same URL, restarted with a key the server does not have: every call is answered 401.
        using var rekeyed = await InteropApp.StartAsync(major, appId, CloudEnv(server, Signatures.NewSigningKey()), mode: "small", port: port);
        var id = await server.SendEventAsync($"{appId}/keep", new JsonObject { ["tag"] = InteropStack.NewTag() });
        var run = await server.WaitForRunEndAsync(id, rekeyed.Fn("keep"), TimeSpan.FromSeconds(30));

        Assert.Equal("Failed", (string?)run["status"]);
        Assert.False(string.IsNullOrWhiteSpace(run["output"]?.ToJsonString().Trim('"')), run.ToJsonString());
        var calls = await rekeyed.CallsForFnAsync(rekeyed.Fn("keep"));
        Assert.Equal([401, 401], calls.Select(c => Calls.Status(c!))); // retries: 1
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S39_FallbackSigningKey_AppWithNewKeyAndOldFallbackAccepted(int major)
    {
        var oldKey = Signatures.NewSigningKey();
        await using var server = await StartServerAsync(oldKey);
        using var app = await InteropApp.StartAsync(major, $"interop-rotated-v{major}", CloudEnv(server, Signatures.NewSigningKey(), fallback: oldKey), mode: "small");

        await app.SyncOkAsync();
        var tag = InteropStack.NewTag();
        var id = await server.SendEventAsync($"{app.AppId}/steps", new JsonObject { ["tag"] = tag });
        var run = await server.WaitForRunEndAsync(id, app.Fn("steps"));

        Assert.Equal("Completed", (string?)run["status"]);
        Assert.Equal("""{"sum":6}""", run["output"]!.ToJsonString());
        var registers = await app.OutboundAsync("/fn/register");
        Assert.Contains(registers, r => (string?)r!["headers"]!["authorization"] == $"Bearer {Signatures.HashedBearer(oldKey)}" && (int)r["status"]! == 200);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S40_TrustProbe_SignedProbeAnswered200WithVerifiableSignature(int major)
    {
        var key = Signatures.NewSigningKey();
        await using var server = await StartServerAsync(key);
        using var app = await InteropApp.StartAsync(major, $"interop-probe-v{major}", CloudEnv(server, key), mode: "small");

        // The same HMAC the server uses for calls (reference §7), computed here independently.
        var body = "{}";
        using var ok = await ProbeAsync(app, body, Signatures.Sign(key, body, DateTimeOffset.UtcNow));
        var okBody = await ok.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("", okBody);
        var signature = ok.Headers.TryGetValues("x-inngest-signature", out var v) ? v.Single() : null;
        Assert.NotNull(signature);
        Assert.True(Signatures.Verify(key, signature!, okBody), signature);

        using var stale = await ProbeAsync(app, body, Signatures.Sign(key, body, DateTimeOffset.UtcNow.AddMinutes(-6)));
        using var wrongKey = await ProbeAsync(app, body, Signatures.Sign(Signatures.NewSigningKey(), body, DateTimeOffset.UtcNow));
        using var tampered = await ProbeAsync(app, """{"a":1}""", Signatures.Sign(key, body, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
    }

    private static async Task<HttpResponseMessage> ProbeAsync(InteropApp app, string body, string signature)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/inngest?probe=trust") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        req.Headers.TryAddWithoutValidation("x-inngest-signature", signature);
        return await app.Http.SendAsync(req);
    }
}
