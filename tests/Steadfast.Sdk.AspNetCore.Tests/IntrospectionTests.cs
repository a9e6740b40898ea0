using System.Net;
using System.Text.Json;
using Steadfast.Protocol.Signing;
using Steadfast.Sdk.AspNetCore.Tests.Support;

namespace Steadfast.Sdk.AspNetCore.Tests;

public sealed class IntrospectionTests
{
    [Fact]
    public async Task Get_DevMode_ReturnsUnauthenticatedBodyExactly()
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.SendAsync(HttpMethod.Get);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        Assert.Null(Assertions.Single(response, "X-Inngest-Signature"));
        Assert.Equal(
            $$"""{"extra":{"native_crypto":true},"has_event_key":false,"has_signing_key":false,"function_count":{{TestFunctions.Count}},"mode":"dev","schema_version":"2024-05-24"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_CloudModeWithoutSignature_Returns401WithoutSdkIdentity()
    {
        await using var app = await ServeApp.CloudAsync();

        using var response = await app.SendAsync(HttpMethod.Get);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"message":"Unauthorized"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("true", Assertions.Single(response, "x-inngest-sdk-handled"));
        Assert.Null(Assertions.Single(response, "X-Inngest-SDK"));
        Assert.Null(Assertions.Single(response, "x-inngest-framework"));
    }

    [Fact]
    public async Task Get_CloudModeWithBadSignature_Returns401()
    {
        await using var app = await ServeApp.CloudAsync();

        using var response = await app.SendAsync(HttpMethod.Get, signature: Keys.Sign([], Keys.Other));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_CloudModeSigned_ReturnsAuthenticatedBodyAndSignsIt()
    {
        await using var app = await ServeApp.CloudAsync(new Uri("http://localhost:9999"), o =>
        {
            o.ServeOrigin = "https://app.example.com";
            o.Env = "branch-1";
        });

        using var response = await app.SendAsync(HttpMethod.Get, signature: Keys.Sign([], Keys.Primary));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(Keys.Verifies(Assertions.Single(response, "X-Inngest-Signature"), bytes, Keys.Primary));
        var body = JsonDocument.Parse(bytes).RootElement;
        Assert.Equal(
            ["extra", "has_event_key", "has_signing_key", "function_count", "mode", "schema_version", "authentication_succeeded",
             "api_origin", "app_id", "capabilities", "env", "event_api_origin", "event_key_hash", "framework", "sdk_language",
             "sdk_version", "serve_origin", "serve_path", "signing_key_fallback_hash", "signing_key_hash"],
            body.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("""{"native_crypto":true,"is_streaming":false}""", body.GetProperty("extra").GetRawText());
        Assert.True(body.GetProperty("has_event_key").GetBoolean());
        Assert.True(body.GetProperty("has_signing_key").GetBoolean());
        Assert.Equal("cloud", body.GetProperty("mode").GetString());
        Assert.True(body.GetProperty("authentication_succeeded").GetBoolean());
        Assert.Equal("http://localhost:9999", body.GetProperty("api_origin").GetString());
        Assert.Equal("http://localhost:9999", body.GetProperty("event_api_origin").GetString());
        Assert.Equal(TestFunctions.AppId, body.GetProperty("app_id").GetString());
        Assert.Equal("""{"trust_probe":"v1"}""", body.GetProperty("capabilities").GetRawText());
        Assert.Equal("branch-1", body.GetProperty("env").GetString());
        Assert.Equal(SigningKey.EventKeyHash(Keys.EventKey), body.GetProperty("event_key_hash").GetString());
        Assert.Equal("aspnetcore", body.GetProperty("framework").GetString());
        Assert.Equal("dotnet", body.GetProperty("sdk_language").GetString());
        Assert.Equal(SdkIdentity.Version, body.GetProperty("sdk_version").GetString());
        Assert.Equal("https://app.example.com", body.GetProperty("serve_origin").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("serve_path").ValueKind);
        Assert.Equal(SigningKey.HashSecret(SigningKey.Parse(Keys.Primary).Secret)[..12], body.GetProperty("signing_key_hash").GetString());
        Assert.Equal(SigningKey.HashSecret(SigningKey.Parse(Keys.Fallback).Secret)[..12], body.GetProperty("signing_key_fallback_hash").GetString());
    }

    [Fact]
    public async Task Get_CloudModeSignedWithFallbackKey_SignsResponseWithFallback()
    {
        await using var app = await ServeApp.CloudAsync();

        using var response = await app.SendAsync(HttpMethod.Get, signature: Keys.Sign([], Keys.Fallback));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var signature = Assertions.Single(response, "X-Inngest-Signature");
        Assert.True(Keys.Verifies(signature, bytes, Keys.Fallback));
        Assert.False(Keys.Verifies(signature, bytes, Keys.Primary));
    }

    [Fact]
    public async Task AnyMethod_CloudModeWithoutSigningKey_Returns500()
    {
        await using var app = await ServeApp.StartAsync(o =>
        {
            o.Dev = false;
            o.BaseUrl = new Uri("http://127.0.0.1:9");
        });

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Post })
        {
            using var response = await app.SendAsync(method, body: method == HttpMethod.Get ? null : "{}"u8.ToArray());
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("internal_server_error", (await Assertions.JsonAsync(response)).GetProperty("code").GetString());
        }
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task OtherMethods_Return405(string method)
    {
        await using var app = await ServeApp.DevAsync();

        using var response = await app.SendAsync(new HttpMethod(method));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        Assert.Equal("""{"message":"Method not allowed"}""", await response.Content.ReadAsStringAsync());
    }
}
