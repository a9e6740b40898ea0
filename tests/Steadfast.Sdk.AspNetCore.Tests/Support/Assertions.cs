using System.Text.Json;

namespace Steadfast.Sdk.AspNetCore.Tests.Support;

internal static class Assertions
{
    /// <summary>The headers every non-401 SDK response carries (reference §2.5, §10).</summary>
    public static void HasSdkHeaders(HttpResponseMessage response)
    {
        Assert.Equal("dotnet:v" + SdkIdentity.Version, Single(response, "X-Inngest-SDK"));
        Assert.Equal("2", Single(response, "X-Inngest-Req-Version"));
        Assert.Equal("true", Single(response, "x-inngest-sdk-handled"));
        Assert.Equal("aspnetcore", Single(response, "x-inngest-framework"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    public static string? Single(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content)
        : null;

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.Clone();
    }
}
