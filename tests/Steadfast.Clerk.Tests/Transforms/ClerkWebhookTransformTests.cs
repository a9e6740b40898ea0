using System.Text.Json;
using Steadfast.Clerk.Events;
using Steadfast.Clerk.Tests.Support;
using Steadfast.Clerk.Transforms;

namespace Steadfast.Clerk.Tests.Transforms;

/// <summary>The built-in C# Clerk transform, and its JavaScript twin giving the same events.</summary>
public sealed class ClerkWebhookTransformTests
{
    public static TheoryData<string> Files => Fixtures.Files();

    private static WebhookTransformRequest Request(FixtureEntry entry, string idHeader = "svix-id") =>
        new(entry.Body, [new(idHeader, entry.SvixId), new("svix-timestamp", entry.SvixTimestamp), new("svix-signature", entry.Signature)]);

    [Theory]
    [MemberData(nameof(Files))]
    public void Transform_Fixture_ProducesManifestEvent(string file)
    {
        var entry = Fixtures.Entry(file);
        var transform = new ClerkWebhookTransform(new ClerkEventMapper(Clock.At(entry.TimestampSeconds)));

        var evt = Assert.Single(transform.Transform(Request(entry)));

        Assert.Equal(entry.ExpectedName, evt.Name);
        Assert.Equal(entry.ExpectedId, evt.Id);
        Assert.Equal(entry.ExpectedTs, evt.Ts);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void JavaScriptSource_Fixture_MatchesBuiltInTransform(string file)
    {
        var entry = Fixtures.Entry(file);
        var builtIn = Assert.Single(new ClerkWebhookTransform(new ClerkEventMapper(Clock.At(entry.TimestampSeconds))).Transform(Request(entry)));

        var js = Assert.Single(new JavaScriptWebhookTransform(ClerkWebhookTransform.JavaScriptSource).Transform(Request(entry)));

        Assert.Equal(builtIn.Name, js.Name);
        Assert.Equal(builtIn.Id, js.Id);
        Assert.Equal(builtIn.Ts, js.Ts);
        Assert.True(JsonElement.DeepEquals(builtIn.Data, js.Data));
    }

    [Fact]
    public void Transform_UnbrandedIdHeader_IsUsedAsId()
    {
        var entry = Fixtures.Entry("user.created.json");

        var evt = Assert.Single(new ClerkWebhookTransform(new ClerkEventMapper(Clock.At(entry.TimestampSeconds))).Transform(Request(entry, "Webhook-Id")));

        Assert.Equal(entry.SvixId, evt.Id);
    }

    [Fact]
    public void Transform_NoIdHeader_ThrowsInvalidInput()
    {
        var exception = Assert.Throws<WebhookTransformException>(() => new ClerkWebhookTransform().Transform(new WebhookTransformRequest(Fixtures.Bytes("user.created.json"))));

        Assert.Equal(WebhookTransformError.InvalidInput, exception.Error);
    }

    [Fact]
    public void Transform_MalformedBody_ThrowsInvalidInputWrappingPayloadError()
    {
        var request = new WebhookTransformRequest("{\"type\":\"user.created\"}"u8.ToArray(), [new("svix-id", "msg_1")]);

        var exception = Assert.Throws<WebhookTransformException>(() => new ClerkWebhookTransform().Transform(request));

        Assert.Equal(WebhookTransformError.InvalidInput, exception.Error);
        Assert.Equal(ClerkPayloadError.MissingData, Assert.IsType<ClerkPayloadException>(exception.InnerException).Error);
    }
}
