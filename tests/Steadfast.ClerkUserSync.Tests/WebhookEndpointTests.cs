using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ClerkUserSync.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Steadfast.Clerk.AspNetCore;
using Steadfast.Clerk.Svix;
using Steadfast.Engine.Storage;

namespace Steadfast.ClerkUserSync.Tests;

public sealed class WebhookEndpointTests
{
    public static TheoryData<string> AllFixtures() => [.. ClerkFixtures.Files];

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public async Task Post_EveryReferenceFixture_CommittedAsClerkEventWithSvixIdAndEnvelopeTs(string file)
    {
        await using var host = await SyncAppHost.StartAsync();

        var eventId = await host.DeliverAsync(file);

        var stored = await host.Engine.GetEventAsync(eventId);
        Assert.NotNull(stored);
        Assert.Equal(ClerkFixtures.ExpectedName(file), stored.Name);
        Assert.Equal(ClerkFixtures.SvixId(file), stored.Id);
        Assert.Equal(ClerkFixtures.ExpectedTs(file), stored.Ts);
        using var original = JsonDocument.Parse(ClerkFixtures.Body(file));
        using var evt = JsonDocument.Parse(stored.Json);
        Assert.True(JsonElement.DeepEquals(original.RootElement.GetProperty("data"), evt.RootElement.GetProperty("data")), "event data differs from the envelope's data");
        foreach (var run in await host.RunsAsync(eventId))
        {
            Assert.NotEqual(RunStatus.Failed, run.Status);
        }
    }

    [Fact]
    public async Task Post_UnknownType_AcceptedAndForwardedWithoutRuns()
    {
        await using var host = await SyncAppHost.StartAsync();

        var eventId = await host.DeliverAsync("edge/unknown.type.json");

        Assert.Equal("clerk/widget.exploded", (await host.Engine.GetEventAsync(eventId))!.Name);
        Assert.Empty(await host.RunsAsync(eventId));
    }

    [Fact]
    public async Task Post_SignatureWithOneCharFlipped_401NoMatchingSignatureAndNoEvent()
    {
        await using var host = await SyncAppHost.StartAsync();
        var body = ClerkFixtures.Body("user.created.json");
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var good = WebhookSecret.Parse(ClerkFixtures.Secret).Sign("msg_bad_sig", ts, body);
        var bad = good[..^2] + (good[^2] == 'A' ? 'B' : 'A') + "=";

        using var response = await host.PostAsync(body, ("svix-id", "msg_bad_sig"), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", bad));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("NoMatchingSignature", await ReasonAsync(response));
        Assert.Empty(await host.Engine.ListEventsAsync(new EventQuery()));
        var rejection = Assert.Single(host.Services.GetRequiredService<WebhookDeliveryLog>().RecentRejections());
        Assert.Equal(("msg_bad_sig", WebhookDeliveryOutcome.Unauthorized, 401, "NoMatchingSignature"), (rejection.SvixId, rejection.Outcome, rejection.StatusCode, rejection.Reason));
    }

    [Fact]
    public async Task Post_SignedWithAnotherSecret_401()
    {
        await using var host = await SyncAppHost.StartAsync();

        using var response = await host.PostSignedAsync(ClerkFixtures.Body("user.created.json"), "msg_other_secret", secret: "whsec_YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_BodyTamperedAfterSigning_401()
    {
        await using var host = await SyncAppHost.StartAsync();
        var body = ClerkFixtures.Body("user.created.json");
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = WebhookSecret.Parse(ClerkFixtures.Secret).Sign("msg_tampered", ts, body);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("Ada", "Eve", StringComparison.Ordinal));

        using var response = await host.PostAsync(tampered, ("svix-id", "msg_tampered"), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", signature));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(-301, HttpStatusCode.Unauthorized, "TimestampTooOld")]
    [InlineData(310, HttpStatusCode.Unauthorized, "TimestampTooNew")] // not 301: the verifier's clock may be a second later than the signer's
    [InlineData(-290, HttpStatusCode.OK, null)]
    public async Task Post_TimestampOffset_RejectedOutsideFiveMinutes(int offsetSeconds, HttpStatusCode expected, string? reason)
    {
        await using var host = await SyncAppHost.StartAsync();

        using var response = await host.PostSignedAsync(ClerkFixtures.Body("session.created.json"), "msg_ts_" + offsetSeconds, timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds() + offsetSeconds);

        Assert.Equal(expected, response.StatusCode);
        if (reason is not null)
        {
            Assert.Equal(reason, await ReasonAsync(response));
        }
    }

    [Theory]
    [InlineData("svix-id")]
    [InlineData("svix-timestamp")]
    [InlineData("svix-signature")]
    public async Task Post_HeaderMissing_401MissingHeadersNamingIt(string missing)
    {
        await using var host = await SyncAppHost.StartAsync();
        var body = ClerkFixtures.Body("user.created.json");
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var headers = new[]
        {
            ("svix-id", "msg_missing"),
            ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)),
            ("svix-signature", WebhookSecret.Parse(ClerkFixtures.Secret).Sign("msg_missing", ts, body)),
        };

        using var response = await host.PostAsync(body, [.. headers.Where(h => h.Item1 != missing)]);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("MissingHeaders", await ReasonAsync(response));
        Assert.Contains(missing, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UnbrandedWebhookHeaders_Accepted()
    {
        await using var host = await SyncAppHost.StartAsync();
        var body = ClerkFixtures.Body("session.created.json");
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        using var response = await host.PostAsync(body, ("webhook-id", "msg_unbranded"), ("webhook-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("webhook-signature", WebhookSecret.Parse(ClerkFixtures.Secret).Sign("msg_unbranded", ts, body)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("not json", "MalformedJson")]
    [InlineData("[1,2]", "NotAnObject")]
    [InlineData("{\"object\":\"event\",\"type\":\"user.created\"}", "MissingData")]
    [InlineData("{\"object\":\"event\",\"type\":\"../x\",\"data\":{}}", "InvalidType")]
    public async Task Post_SignedButMalformedBody_400WithReasonAndNoEvent(string body, string reason)
    {
        await using var host = await SyncAppHost.StartAsync();

        using var response = await host.PostSignedAsync(Encoding.UTF8.GetBytes(body), "msg_malformed");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(reason, await ReasonAsync(response));
        Assert.Empty(await host.Engine.ListEventsAsync(new EventQuery()));
    }

    [Fact]
    public async Task Post_SignedNonUtf8Body_400()
    {
        await using var host = await SyncAppHost.StartAsync();

        using var response = await host.PostSignedAsync([0xFF, 0xFE, 0x7B, 0x7D], "msg_not_utf8");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("NotUtf8", await ReasonAsync(response));
    }

    [Fact]
    public async Task Post_BodyOverOneMebibyte_413BeforeVerification()
    {
        await using var host = await SyncAppHost.StartAsync();
        var body = new byte[(1024 * 1024) + 1];
        Array.Fill(body, (byte)'a');

        using var response = await host.PostSignedAsync(body, "msg_huge");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(WebhookDeliveryOutcome.TooLarge, host.Services.GetRequiredService<WebhookDeliveryLog>().RecentRejections()[0].Outcome);
    }

    [Fact]
    public async Task Post_ExactlyOneMebibyteSigned_PassesSizeAndSignatureThen400NotJson()
    {
        await using var host = await SyncAppHost.StartAsync();
        var body = new byte[1024 * 1024];
        Array.Fill(body, (byte)'a');

        using var response = await host.PostSignedAsync(body, "msg_one_mib");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Get_WebhookPath_405AllowPost()
    {
        await using var host = await SyncAppHost.StartAsync();

        using var response = await host.Client.GetAsync(ClerkUserSyncApp.WebhookPath);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("")]
    [InlineData("whsec_not base64!")]
    [InlineData("whpk_abc")]
    public async Task Start_BadSigningSecret_FailsWithMessageNamingTheSetting(string secret)
    {
        await using var app = SyncAppHost.Build(SyncAppHost.NewOptions(secret));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("signing secret", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string?> ReasonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("reason").GetString();
}
