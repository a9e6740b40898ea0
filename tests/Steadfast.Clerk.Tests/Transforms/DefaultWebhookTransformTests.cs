using System.Text;
using System.Text.Json;
using Steadfast.Clerk.Tests.Support;
using Steadfast.Clerk.Transforms;

namespace Steadfast.Clerk.Tests.Transforms;

/// <summary>The C# default transform gives what Inngest's webhook-intent default template gives when run as JavaScript.</summary>
public sealed class DefaultWebhookTransformTests
{
    // inngest/website build-an-integration.mdx "Default webhook transform", slug "clerk".
    private const string IntentDefaultTemplate = """
        function transform(evt, headers = {}, queryParams = {}, raw = "") {
          return {
            name: `clerk/${evt.type || evt.name || evt.event_type || "webhook.received"}`,
            data: evt.data || evt,
          };
        };
        """;

    public static TheoryData<string> Files => Fixtures.Files();

    public static TheoryData<string> Bodies => new()
    {
        "{\"type\":\"order.paid\",\"data\":{\"n\":1}}",
        "{\"name\":\"thing.done\",\"x\":1}",
        "{\"event_type\":\"ping\"}",
        "{\"type\":\"\",\"name\":\"fallback.name\"}",
        "{\"type\":5,\"data\":{}}",
        "{\"type\":null,\"event_type\":\"later\",\"data\":null}",
        "{\"x\":[1,2,3]}",
        "{}",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Transform_EveryClerkFixture_SameAsTheJavaScriptTemplate(string file) =>
        AssertSameAsTemplate(Fixtures.Bytes(file));

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Transform_GenericBodies_SameAsTheJavaScriptTemplate(string body) =>
        AssertSameAsTemplate(Encoding.UTF8.GetBytes(body));

    [Theory]
    [InlineData("clerk", "clerk")]
    [InlineData("Acme App", "acme-app")]
    [InlineData("  --My_Shop.v2--  ", "my-shop-v2")]
    [InlineData("!!!", "webhook")]
    public void Slugify_NameWithMixedCharacters_LowerCaseHyphenated(string name, string slug)
    {
        Assert.Equal(slug, DefaultWebhookTransform.Slugify(name));
        Assert.Equal(slug + "/", new DefaultWebhookTransform(name).Prefix);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("not json")]
    public void Transform_BodyNotAJsonObject_InvalidInput(string body)
    {
        var error = Assert.Throws<WebhookTransformException>(() => new DefaultWebhookTransform("acme").Transform(new WebhookTransformRequest(Encoding.UTF8.GetBytes(body))));

        Assert.Equal(WebhookTransformError.InvalidInput, error.Error);
    }

    [Fact]
    public void Transform_EmptyBody_WebhookReceivedWithEmptyData()
    {
        var evt = Assert.Single(new DefaultWebhookTransform("acme").Transform(new WebhookTransformRequest(ReadOnlyMemory<byte>.Empty)));

        Assert.Equal("acme/webhook.received", evt.Name);
        Assert.Equal("{}", evt.Data.GetRawText());
        Assert.Null(evt.Id);
        Assert.Null(evt.Ts);
    }

    private static void AssertSameAsTemplate(byte[] body)
    {
        var request = new WebhookTransformRequest(body);

        var expected = Assert.Single(new JavaScriptWebhookTransform(IntentDefaultTemplate).Transform(request));
        var actual = Assert.Single(new DefaultWebhookTransform("clerk").Transform(request));

        Assert.Equal(expected.Name, actual.Name);
        Assert.True(JsonElement.DeepEquals(expected.Data, actual.Data), $"{actual.Data.GetRawText()} vs {expected.Data.GetRawText()}");
        Assert.Equal((expected.Id, expected.Ts), (actual.Id, actual.Ts));
    }
}
