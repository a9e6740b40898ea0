using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Steadfast.Sdk.AspNetCore.Tests.Support;

namespace Steadfast.Sdk.AspNetCore.Tests;

public sealed class SignatureTests
{
    private static byte[] HelloBody() => CallBodies.Create(CallBodies.Data(new { name = "Ada" }));

    [Fact]
    public async Task Post_ValidSignature_RunsAndSignsResponseWithSameKey()
    {
        await using var app = await ServeApp.CloudAsync();
        var body = HelloBody();

        using var response = await app.CallAsync("test-app-hello", body, signature: Keys.Sign(body, Keys.Primary));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("""{"message":"Hello Ada"}""", ServeApp.Text(bytes));
        Assert.True(Keys.Verifies(Assertions.Single(response, "X-Inngest-Signature"), bytes, Keys.Primary));
    }

    [Fact]
    public async Task Post_ErrorResponse_IsSignedToo()
    {
        await using var app = await ServeApp.CloudAsync();
        var body = CallBodies.Create();

        using var response = await app.CallAsync("test-app-fatal", body, signature: Keys.Sign(body, Keys.Primary));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(Keys.Verifies(Assertions.Single(response, "X-Inngest-Signature"), bytes, Keys.Primary));
    }

    [Fact]
    public async Task Post_MissingSignature_Returns401()
    {
        await using var app = await ServeApp.CloudAsync();

        using var response = await app.CallAsync("test-app-hello", HelloBody());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"message":"Unauthorized"}""", await response.Content.ReadAsStringAsync());
        Assert.Null(Assertions.Single(response, "X-Inngest-SDK"));
    }

    [Fact]
    public async Task Post_TamperedBody_Returns401()
    {
        await using var app = await ServeApp.CloudAsync();
        var body = HelloBody();
        var signature = Keys.Sign(body, Keys.Primary);
        var tampered = System.Text.Encoding.UTF8.GetBytes(ServeApp.Text(body).Replace("Ada", "Eve", StringComparison.Ordinal));

        using var response = await app.CallAsync("test-app-hello", tampered, signature: signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public async Task Post_TimestampMoreThanFiveMinutesAway_Returns401(int minutes)
    {
        await using var app = await ServeApp.CloudAsync();
        var body = HelloBody();

        using var response = await app.CallAsync("test-app-hello", body, signature: Keys.Sign(body, Keys.Primary, DateTimeOffset.UtcNow.AddMinutes(minutes)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_TimestampFourMinutesOld_IsAccepted()
    {
        await using var app = await ServeApp.CloudAsync();
        var body = HelloBody();

        using var response = await app.CallAsync("test-app-hello", body, signature: Keys.Sign(body, Keys.Primary, DateTimeOffset.UtcNow.AddMinutes(-4)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_WrongKey_Returns401()
    {
        await using var app = await ServeApp.CloudAsync();
        var body = HelloBody();

        using var response = await app.CallAsync("test-app-hello", body, signature: Keys.Sign(body, Keys.Other));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_MalformedSignatureHeader_Returns401()
    {
        await using var app = await ServeApp.CloudAsync();

        using var response = await app.CallAsync("test-app-hello", HelloBody(), signature: "t=abc&s=zz");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_SignedWithFallbackKey_IsAcceptedAndResponseSignedWithFallback()
    {
        await using var app = await ServeApp.CloudAsync();
        var body = HelloBody();

        using var response = await app.CallAsync("test-app-hello", body, signature: Keys.Sign(body, Keys.Fallback));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var signature = Assertions.Single(response, "X-Inngest-Signature");
        Assert.True(Keys.Verifies(signature, bytes, Keys.Fallback));
        Assert.False(Keys.Verifies(signature, bytes, Keys.Primary));
    }

    [Fact]
    public async Task Post_FallbackKeyNotConfigured_Returns401()
    {
        await using var app = await ServeApp.CloudAsync(more: o => o.SigningKeyFallback = null);
        var body = HelloBody();

        using var response = await app.CallAsync("test-app-hello", body, signature: Keys.Sign(body, Keys.Fallback));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_ReformattedBodySignedOverItsCanonicalForm_IsAccepted()
    {
        await using var app = await ServeApp.CloudAsync();
        var canonical = HelloBody();
        var pretty = JsonSerializer.SerializeToUtf8Bytes(JsonNode.Parse(canonical), new JsonSerializerOptions { WriteIndented = true });
        Assert.NotEqual(canonical, pretty);

        using var response = await app.CallAsync("test-app-hello", pretty, signature: Keys.Sign(canonical, Keys.Primary));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TrustProbe_Signed_Returns200EmptyBodyWithVerifiableSignature()
    {
        await using var app = await ServeApp.CloudAsync();
        var body = "{}"u8.ToArray();

        using var response = await app.SendAsync(HttpMethod.Post, "?probe=trust", body, Keys.Sign(body, Keys.Primary));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assertions.HasSdkHeaders(response);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Empty(bytes);
        Assert.True(Keys.Verifies(Assertions.Single(response, "X-Inngest-Signature"), bytes, Keys.Primary));
        Assert.False(Keys.Verifies(Assertions.Single(response, "X-Inngest-Signature"), bytes, Keys.Other));
    }

    [Fact]
    public async Task TrustProbe_Unsigned_Returns401()
    {
        await using var app = await ServeApp.CloudAsync();

        using var response = await app.SendAsync(HttpMethod.Post, "?probe=trust", "{}"u8.ToArray());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TrustProbe_SignedWithAnotherKey_Returns401()
    {
        await using var app = await ServeApp.CloudAsync();
        var body = "{}"u8.ToArray();

        using var response = await app.SendAsync(HttpMethod.Post, "?probe=trust", body, Keys.Sign(body, Keys.Other));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
