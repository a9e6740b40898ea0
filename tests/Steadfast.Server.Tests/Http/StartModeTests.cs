using Steadfast.Engine.Storage;
using Steadfast.Protocol.Json;
using Steadfast.Protocol.Signing;
using Steadfast.Server.AspNetCore;
using Steadfast.Server.Tests.Support;

namespace Steadfast.Server.Tests.Http;

/// <summary><c>start</c> mode: every call signed over its JCS body, bearer tokens checked on the SDK-facing API.</summary>
public sealed class StartModeTests : IAsyncLifetime
{
    private const string Key = "signkey-prod-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Fallback = "signkey-prod-aabbccdd";
    private ServerHost _server = null!;
    private FakeSdk _sdk = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerHost.StartAsync(o =>
        {
            o.Mode = ServerMode.Start;
            o.SigningKey = Key;
            o.SigningKeyFallback = Fallback;
            o.EventKeys.Add("test-key");
        });
        _sdk = await FakeSdk.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _sdk.DisposeAsync();
        await _server.DisposeAsync();
        _server.DeleteFiles();
    }

    private static Action<HttpRequestMessage> Bearer(string token) => r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);

    [Fact]
    public async Task Register_HashedBearer_Accepted()
    {
        var (status, _) = await _server.RegisterAsync(_sdk.RegisterBody("app", ("fn", "test/go")), Bearer(SigningKey.Parse(Key).HashedBearer()));
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Register_FallbackKeyBearer_Accepted()
    {
        var (status, _) = await _server.RegisterAsync(_sdk.RegisterBody("app", ("fn", "test/go")), Bearer(SigningKey.Parse(Fallback).HashedBearer()));
        Assert.Equal(200, status);
    }

    [Theory]
    [InlineData("undefined")]
    [InlineData("signkey-prod-4884fdaafea47c29fea7159d0daddd9c085d6200e1359e85bb81736af6b7c830")]
    [InlineData(null)]
    public async Task Register_WrongOrMissingBearer_401(string? token)
    {
        var (status, body) = await _server.RegisterAsync(_sdk.RegisterBody("app", ("fn", "test/go")), token is null ? null : Bearer(token));
        Assert.Equal(401, status);
        Assert.Equal(401, body.GetProperty("status").GetInt32());
        Assert.Empty((await _server.DevAsync()).GetProperty("functions").EnumerateArray());
    }

    [Fact]
    public async Task Call_Signed_VerifiesOverJcsBodyWithThePrimaryKey()
    {
        SigningKey? verifiedWith = null;
        var error = "";
        _sdk.OnCall = (_, call, http) =>
        {
            verifiedWith = RequestSigner.Verify(call.Header("x-inngest-signature"), JcsCanonicalizer.Canonicalize(call.Body), DateTimeOffset.UtcNow, [SigningKey.Parse(Key)], out error);
            return FakeSdk.Reply(http, 200, "1");
        };
        await _server.RegisterAsync(_sdk.RegisterBody("app", ("fn", "test/go")), Bearer(SigningKey.Parse(Key).HashedBearer()));
        await _server.SendEventAsync("test/go");
        var run = await _server.FirstFinishedRunAsync();

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.True(verifiedWith is not null, error);
    }

    [Fact]
    public async Task RunStateApi_WithoutBearer_401()
    {
        using var response = await _server.Client.GetAsync("/v0/runs/01ABC/actions");
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Contains("\"status\":401", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
