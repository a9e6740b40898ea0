using Microsoft.AspNetCore.Builder;
using Steadfast.Sdk.AspNetCore.Tests.Support;

namespace Steadfast.Sdk.AspNetCore.Tests;

public sealed class MapSteadfastTests
{
    [Fact]
    public async Task MapSteadfast_WithoutAddSteadfast_ThrowsNamingAddSteadfast()
    {
        var builder = LoopbackHost.CreateBuilder();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapSteadfast());

        Assert.Contains("AddSteadfast", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapSteadfast_WithoutAddServeEndpoint_ThrowsNamingAddServeEndpoint()
    {
        var builder = LoopbackHost.CreateBuilder();
        TestFunctions.AddAll(builder.Services.AddSteadfast(o => o.AppId = "x"));
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapSteadfast());

        Assert.Contains("AddServeEndpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapSteadfast_InvalidSigningKey_ThrowsAtMapTime()
    {
        var builder = LoopbackHost.CreateBuilder();
        builder.Services.AddSteadfast(o => o.AppId = "x").AddServeEndpoint(o => o.SigningKey = "signkey-prod-xyz");
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapSteadfast());

        Assert.Contains("signing key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapSteadfast_ReturnsConventionBuilderThatAppliesConventions()
    {
        var builder = LoopbackHost.CreateBuilder();
        TestFunctions.AddAll(builder.Services.AddSteadfast(o => o.AppId = "x").AddServeEndpoint(o => o.Dev = true));
        await using var app = builder.Build();
        var applied = false;

        app.MapSteadfast("/custom/path").Add(_ => applied = true);
        var root = await LoopbackHost.StartAsync(app);
        using var client = new HttpClient { BaseAddress = root };

        using var response = await client.GetAsync("custom/path");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.True(applied);
    }
}
