using System.Net.Http.Json;
using System.Text.Json;

namespace Steadfast.Server.Tests.Webhooks;

/// <summary>The real <c>steadfast dev</c> process with webhook sources from its command line.</summary>
public sealed class WebhookCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("steadfast-webhook-cli-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the killed process may still hold the database for a moment.
        }
    }

    [Fact]
    public async Task Dev_WebhookShorthand_ServesAClerkSourceThatCommitsSignedDeliveries()
    {
        await using var server = await DevServerProcess.StartDevAsync(Path.Combine(_dir, "db"), "--webhook", $"clerk={ClerkFixtures.Secret}");

        var answer = await server.Client.DeliverAsync(WebhookRequests.Signed("/webhooks/clerk", ClerkFixtures.Body("user.created.json"), "msg_cli_1"));
        var bad = await server.Client.DeliverAsync(WebhookRequests.Signed("/webhooks/clerk", ClerkFixtures.Body("user.created.json"), "msg_cli_2", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

        Assert.True(answer.Status == 200, answer + "\n" + server.Output);
        Assert.Equal(401, bad.Status);
        Assert.Contains($"Webhook     POST http://localhost:{server.Port}/webhooks/clerk (Svix-verified, clerk transform)", server.Output, StringComparison.Ordinal);
        var stored = await server.Client.GetFromJsonAsync<JsonElement>($"/v1/events/{answer.Ids[0]}");
        Assert.Equal(("clerk/user.created", "msg_cli_1"), (stored.GetProperty("data").GetProperty("name").GetString(), stored.GetProperty("data").GetProperty("id").GetString()));
        Assert.DoesNotContain(ClerkFixtures.Secret, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_WebhooksFileWithJavaScriptTransform_ServesIt()
    {
        File.WriteAllText(Path.Combine(_dir, "stripe.js"), """function transform(evt, headers) { return { name: "stripe/" + evt.type, data: evt.data.object, id: evt.id }; }""");
        File.WriteAllText(Path.Combine(_dir, "sources.json"), """{ "sources": [ { "name": "stripe", "verification": "none", "transform": "stripe.js" } ] }""");
        await using var server = await DevServerProcess.StartDevAsync(Path.Combine(_dir, "db"), "--webhooks", Path.Combine(_dir, "sources.json"));

        var answer = await server.Client.DeliverAsync(WebhookRequests.Unsigned("/webhooks/stripe", """{"id":"evt_1","type":"charge.succeeded","data":{"object":{"amount":500}}}"""u8.ToArray()));

        Assert.True(answer.Status == 200, answer + "\n" + server.Output);
        var stored = await server.Client.GetFromJsonAsync<JsonElement>($"/v1/events/{answer.Ids[0]}");
        Assert.Equal("stripe/charge.succeeded", stored.GetProperty("data").GetProperty("name").GetString());
        Assert.Equal(500, stored.GetProperty("data").GetProperty("data").GetProperty("amount").GetInt32());
    }

    [Theory]
    [InlineData("--webhook", "clerk=whsec_not base64!", "webhook source 'clerk': signing secret #1 is unusable")]
    [InlineData("--webhook", "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY", "--webhook must be NAME=whsec_...")]
    [InlineData("--webhooks", "no-such-file.json", "--webhooks: webhooks file")]
    public async Task Dev_BadWebhookFlag_Exit2WithAClearErrorAndNoStackTrace(string flag, string value, string expected)
    {
        var (exit, output) = await DevServerProcess.RunAsync("dev", "--port", "1", "--sqlite-dir", Path.Combine(_dir, "db"), "--no-discovery", flag, value);

        Assert.Equal(2, exit);
        Assert.Contains("error: ", output, StringComparison.Ordinal);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("QUJDREVGR0hJSktMTU5PUFFSU1RVVldY", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_DescribesTheWebhookFlags()
    {
        var (exit, output) = await DevServerProcess.RunAsync("--help");

        Assert.Equal(0, exit);
        Assert.Contains("--webhook NAME=SECRET", output, StringComparison.Ordinal);
        Assert.Contains("--webhooks FILE.json", output, StringComparison.Ordinal);
    }
}
