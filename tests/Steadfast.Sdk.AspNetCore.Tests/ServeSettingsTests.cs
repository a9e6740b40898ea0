using Microsoft.Extensions.Configuration;

namespace Steadfast.Sdk.AspNetCore.Tests;

public sealed class ServeSettingsTests
{
    private static ServeSettings Resolve(Dictionary<string, string?> env, Action<SteadfastServeOptions>? configure = null)
    {
        var options = new SteadfastServeOptions();
        configure?.Invoke(options);
        return ServeSettings.Resolve(options, new ConfigurationBuilder().AddInMemoryCollection(env).Build());
    }

    [Fact]
    public void Resolve_Nothing_IsCloudAgainstInngestCloud()
    {
        var s = Resolve([]);

        Assert.False(s.IsDev);
        Assert.Equal("https://api.inngest.com/", s.ApiBaseUrl.ToString());
        Assert.Equal("https://inn.gs/", s.EventApiBaseUrl.ToString());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("true")]
    public void Resolve_InngestDevFlag_IsDevOnLocalhost8288(string value)
    {
        var s = Resolve(new() { ["INNGEST_DEV"] = value });

        Assert.True(s.IsDev);
        Assert.Equal("http://localhost:8288/", s.ApiBaseUrl.ToString());
        Assert.Equal("http://localhost:8288/", s.EventApiBaseUrl.ToString());
    }

    [Fact]
    public void Resolve_InngestDevUrlWithoutScheme_IsDevAtThatOrigin()
    {
        var s = Resolve(new() { ["INNGEST_DEV"] = "127.0.0.1:9000" });

        Assert.True(s.IsDev);
        Assert.Equal("http://127.0.0.1:9000/", s.ApiBaseUrl.ToString());
    }

    [Fact]
    public void Resolve_SteadfastDevAndBaseUrl_BaseUrlWinsOverDevUrl()
    {
        var s = Resolve(new() { ["STEADFAST_DEV"] = "http://localhost:1111", ["INNGEST_BASE_URL"] = "http://localhost:2222" });

        Assert.True(s.IsDev);
        Assert.Equal("http://localhost:2222/", s.ApiBaseUrl.ToString());
    }

    [Fact]
    public void Resolve_ApiAndEventBaseUrls_AreSeparate()
    {
        var s = Resolve(new() { ["INNGEST_DEV"] = "0", ["INNGEST_API_BASE_URL"] = "http://api:1", ["INNGEST_EVENT_API_BASE_URL"] = "http://events:2" });

        Assert.False(s.IsDev);
        Assert.Equal("http://api:1/", s.ApiBaseUrl.ToString());
        Assert.Equal("http://events:2/", s.EventApiBaseUrl.ToString());
    }

    [Fact]
    public void Resolve_ExplicitOptions_WinOverEnvironment()
    {
        var s = Resolve(
            new() { ["INNGEST_DEV"] = "1", ["INNGEST_SIGNING_KEY"] = "signkey-test-00", ["INNGEST_EVENT_KEY"] = "env-key" },
            o =>
            {
                o.Dev = false;
                o.BaseUrl = new Uri("http://explicit:3");
                o.EventKey = "explicit-key";
            });

        Assert.False(s.IsDev);
        Assert.Equal("http://explicit:3/", s.ApiBaseUrl.ToString());
        Assert.Equal("explicit-key", s.EventKey);
        Assert.Equal("00", s.SigningKey!.Secret);
    }

    [Fact]
    public void Resolve_SyncSwitchesFromEnvironment()
    {
        var s = Resolve(new() { ["INNGEST_ALLOW_IN_BAND_SYNC"] = "0", ["INNGEST_ENABLE_UNAUTHED_SYNC"] = "false", ["INNGEST_SERVE_ORIGIN"] = "https://x/" });

        Assert.False(s.AllowInBandSync);
        Assert.False(s.EnableUnauthenticatedSync);
        Assert.Equal("https://x", s.ServeOrigin);
    }

    [Theory]
    [InlineData("INNGEST_SIGNING_KEY", "signkey-prod-abc")]
    [InlineData("INNGEST_SIGNING_KEY_FALLBACK", "nothex")]
    [InlineData("INNGEST_BASE_URL", "http://[bad")]
    public void Resolve_MalformedValue_ThrowsNamingIt(string name, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Resolve(new() { [name] = value }));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
