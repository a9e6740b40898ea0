using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;
using Steadfast.Server.AspNetCore.Webhooks;
using Steadfast.Server.Tests.Support;

namespace Steadfast.Server.Tests.Webhooks;

/// <summary>A Clerk source hosted by the server (<c>POST /webhooks/clerk</c>): real HTTP over loopback, real SQLite.</summary>
public sealed class ClerkSourceTests : IAsyncLifetime
{
    private const string Path = "/webhooks/clerk";
    private ServerHost _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerHost.StartAsync(
            o =>
            {
                var clerk = WebhookSourceOptions.Clerk("clerk", ClerkFixtures.Secret, ClerkFixtures.PreviousSecret);
                clerk.MaxBodyBytes = 64 * 1024;
                o.WebhookSources.Add(clerk);
            },
            services: s => s.AddSteadfast(o => o.AppId = "test")
                .AddFunction<JsonElement>(new FunctionOptions { Id = "on-user", Trigger = "clerk/user.created", Retries = 0 }, _ => Task.FromResult(1)));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _server.DeleteFiles();
    }

    public static TheoryData<string> Files() => ClerkFixtures.AllFiles();

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Post_EveryReferenceFixture_CommittedAsClerkEventWithSvixIdEnvelopeTsAndDataUnchanged(string file)
    {
        var body = ClerkFixtures.Body(file);

        var answer = await _server.Client.DeliverAsync(WebhookRequests.Signed(Path, body, ClerkFixtures.SvixId(file)));

        Assert.True(answer.Status == 200, answer.ToString());
        var stored = await _server.Store.GetEventAsync(Assert.Single(answer.Ids));
        Assert.NotNull(stored);
        Assert.Equal(ClerkFixtures.ExpectedName(file), stored.Name);
        Assert.Equal(ClerkFixtures.ExpectedName(file), answer.Json.GetProperty("name").GetString());
        Assert.Equal(ClerkFixtures.SvixId(file), stored.Id);
        Assert.Equal(ClerkFixtures.ExpectedTs(file), stored.Ts);
        using var original = JsonDocument.Parse(body);
        using var evt = JsonDocument.Parse(stored.Json);
        Assert.True(JsonElement.DeepEquals(original.RootElement.GetProperty("data"), evt.RootElement.GetProperty("data")), "event data differs from the envelope's data");
    }

    [Fact]
    public async Task Post_SameDeliveryTwice_BothAcknowledgedOneEventIdOneRun()
    {
        var body = ClerkFixtures.Body("user.created.json");

        var first = await _server.Client.DeliverAsync(WebhookRequests.Signed(Path, body, "msg_dup_1"));
        var retry = await _server.Client.DeliverAsync(WebhookRequests.Signed(Path, body, "msg_dup_1", timestamp: WebhookRequests.Now + 1));

        Assert.Equal((200, 200), (first.Status, retry.Status));
        var events = await _server.Store.ListEventsAsync(new EventQuery { Name = "clerk/user.created" });
        // Inngest's semantics: a redelivered event is stored again under the same id and starts nothing.
        Assert.All(events, e => Assert.Equal("msg_dup_1", e.Id));
        var runs = await _server.Store.ListRunsAsync(new RunQuery { FunctionId = "test-on-user" });
        Assert.Single(runs);
        Assert.Equal(first.Ids[0], runs[0].EventId);
    }

    [Fact]
    public async Task Post_UnknownClerkType_AcceptedAndForwarded()
    {
        var answer = await _server.Client.DeliverAsync(WebhookRequests.Signed(Path, ClerkFixtures.Body("edge/unknown.type.json"), "msg_unknown_type"));

        Assert.Equal(200, answer.Status);
        Assert.Equal("clerk/widget.exploded", (await _server.Store.GetEventAsync(answer.Ids[0]))!.Name);
    }

    [Fact]
    public async Task Post_SignedWithThePreviousSecret_AcceptedDuringRotation()
    {
        var answer = await _server.Client.DeliverAsync(WebhookRequests.Signed(Path, ClerkFixtures.Body("user.deleted.json"), "msg_rotated", ClerkFixtures.PreviousSecret));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Post_SignatureWithOneCharFlipped_401NoMatchingSignatureAndNoEvent()
    {
        var request = WebhookRequests.Signed(Path, ClerkFixtures.Body("user.created.json"), "msg_bad_sig");
        var good = request.Headers.GetValues("svix-signature").Single();
        request.Headers.Remove("svix-signature");
        request.Headers.TryAddWithoutValidation("svix-signature", good[..^2] + (good[^2] == 'A' ? 'B' : 'A') + "=");

        var answer = await _server.Client.DeliverAsync(request);

        Assert.Equal((401, "NoMatchingSignature"), (answer.Status, answer.Reason));
        Assert.Empty(await _server.Store.ListEventsAsync(new EventQuery()));
    }

    [Fact]
    public async Task Post_SignedWithAnotherSecret_401()
    {
        var answer = await _server.Client.DeliverAsync(WebhookRequests.Signed(Path, ClerkFixtures.Body("user.created.json"), "msg_other", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

        Assert.Equal((401, "NoMatchingSignature"), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData(-301, "TimestampTooOld")]
    [InlineData(301, "TimestampTooNew")]
    public async Task Post_StaleOrFutureTimestamp_401(int offsetSeconds, string reason)
    {
        var answer = await _server.Client.DeliverAsync(WebhookRequests.Signed(Path, ClerkFixtures.Body("user.created.json"), "msg_stale", timestamp: WebhookRequests.Now + offsetSeconds));

        Assert.Equal((401, reason), (answer.Status, answer.Reason));
        Assert.Empty(await _server.Store.ListEventsAsync(new EventQuery()));
    }

    [Fact]
    public async Task Post_NoSignatureHeaders_401MissingHeaders()
    {
        var answer = await _server.Client.DeliverAsync(WebhookRequests.Unsigned(Path, ClerkFixtures.Body("user.created.json")));

        Assert.Equal((401, "MissingHeaders"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Post_DeclaredLengthOverTheLimit_413()
    {
        var body = new byte[(64 * 1024) + 1];
        Array.Fill(body, (byte)'a');

        var answer = await _server.Client.DeliverAsync(WebhookRequests.Signed(Path, body, "msg_huge"));

        Assert.Equal((413, "BodyTooLarge"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Post_ChunkedBodyOverTheLimit_413WithoutBufferingIt()
    {
        // No Content-Length: the bounded read stops one byte past the limit.
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StreamContent(new MemoryStream(new byte[1024 * 1024])) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        var answer = await _server.Client.DeliverAsync(request);

        Assert.Equal((413, "BodyTooLarge"), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData("not json", "MalformedJson")]
    [InlineData("[1,2]", "NotAnObject")]
    [InlineData("{\"object\":\"event\",\"type\":\"user.created\"}", "MissingData")]
    public async Task Post_SignedButMalformedBody_400WithReasonAndNoEvent(string body, string reason)
    {
        var answer = await _server.Client.DeliverAsync(WebhookRequests.Signed(Path, Encoding.UTF8.GetBytes(body), "msg_malformed"));

        Assert.Equal((400, reason), (answer.Status, answer.Reason));
        Assert.Empty(await _server.Store.ListEventsAsync(new EventQuery()));
    }

    [Fact]
    public async Task Get_SourceUrl_405AllowPost()
    {
        using var response = await _server.Client.GetAsync(Path);

        Assert.Equal(405, (int)response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }
}
