using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Steadfast.Clerk.Svix;

namespace Steadfast.Server.Tests.Webhooks;

/// <summary>Deliveries as Svix makes them (signed over the exact body bytes), and their answers.</summary>
internal static class WebhookRequests
{
    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>A delivery signed with <paramref name="secret"/> (the fixture secret by default) at <paramref name="timestamp"/> (now by default).</summary>
    public static HttpRequestMessage Signed(string path, byte[] body, string id, string? secret = null, long? timestamp = null)
    {
        var ts = timestamp ?? Now;
        var signature = WebhookSecret.Parse(secret ?? ClerkFixtures.Secret).Sign(id, ts, body);
        return Unsigned(path, body, ("svix-id", id), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", signature));
    }

    public static HttpRequestMessage Unsigned(string path, byte[] body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public static async Task<Answer> DeliverAsync(this HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return new Answer((int)response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default, text);
        }
    }

    internal sealed record Answer(int Status, JsonElement Json, string Text)
    {
        public string? Reason => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("reason", out var r) ? r.GetString() : null;

        public IReadOnlyList<string> Ids => Json.TryGetProperty("ids", out var ids) ? [.. ids.EnumerateArray().Select(i => i.GetString()!)] : [];

        public override string ToString() => $"{Status} {Text}";
    }
}
