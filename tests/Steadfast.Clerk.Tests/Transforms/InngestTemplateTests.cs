using System.Text.Json;
using Steadfast.Clerk.Tests.Support;
using Steadfast.Clerk.Transforms;

namespace Steadfast.Clerk.Tests.Transforms;

/// <summary>The exact transform templates Inngest ships (dashboard default, webhook-intent default, Clerk docs) run unchanged.</summary>
public sealed class InngestTemplateTests
{
    // inngest/inngest ui/apps/dashboard/src/components/Manage/transformHelpers.ts, createTransform({}) verbatim.
    private const string DashboardDefaultTemplate = """
        // transform accepts the incoming JSON payload from your
        // webhook and must return an object that is in the Inngest event format.
        //
        // The raw argument is the original stringified request body. This is useful
        // when you want to perform HMAC validation within your Inngest functions.
        function transform(evt, headers = {}, queryParams = {}, raw = "") {
          return {
            // Rename this webhook to give the events a unique name,
            // or use a field from the incoming event as the event name.
            name: "webhook/request.received",
            data: evt,
          };
        };
        """;

    // inngest/website build-an-integration.mdx "Default webhook transform", with the provider slug filled in as "clerk"
    // (what Clerk's "Connect to Inngest" installs, clerk-svix.md §4.3).
    private const string IntentDefaultTemplate = """
        function transform(evt, headers = {}, queryParams = {}, raw = "") {
          return {
            // This was created by the Clerk integration.
            // Edit this to customize the event name and payload.
            name: `clerk/${evt.type || evt.name || evt.event_type || "webhook.received"}`,
            data: evt.data || evt,
          };
        };
        """;

    // inngest/website platform/webhooks.mdx, the Clerk example.
    private const string InngestDocsClerkTransform = """
        function transform(evt, headers = {}, queryParams = {}) {
          return {
            name: `clerk/${evt.type}`,
            data: evt.data,
          };
        };
        """;

    public static TheoryData<string> Files => Fixtures.Files();

    [Fact]
    public void Transform_DashboardDefaultTemplate_WrapsWholeBody()
    {
        var transform = new JavaScriptWebhookTransform(DashboardDefaultTemplate);
        var body = Fixtures.Bytes("user.created.json");

        var evt = Assert.Single(transform.Transform(new WebhookTransformRequest(body)));

        Assert.Equal("webhook/request.received", evt.Name);
        using var original = JsonDocument.Parse(body);
        Assert.True(JsonElement.DeepEquals(original.RootElement, evt.Data));
        Assert.Null(evt.Id);
        Assert.Null(evt.Ts);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Transform_IntentDefaultTemplate_ProducesClerkNameAndData(string file)
    {
        var entry = Fixtures.Entry(file);
        var transform = new JavaScriptWebhookTransform(IntentDefaultTemplate);

        var evt = Assert.Single(transform.Transform(new WebhookTransformRequest(entry.Body)));

        Assert.Equal(entry.ExpectedName, evt.Name);
        using var original = JsonDocument.Parse(entry.Body);
        Assert.True(JsonElement.DeepEquals(original.RootElement.GetProperty("data"), evt.Data));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Transform_InngestDocsClerkTransform_ProducesClerkName(string file)
    {
        var entry = Fixtures.Entry(file);

        var evt = Assert.Single(new JavaScriptWebhookTransform(InngestDocsClerkTransform).Transform(new WebhookTransformRequest(entry.Body)));

        Assert.Equal(entry.ExpectedName, evt.Name);
    }

    [Fact]
    public void Transform_IntentDefaultTemplateOnBodyWithoutType_FallsBackToWebhookReceived()
    {
        var evt = Assert.Single(new JavaScriptWebhookTransform(IntentDefaultTemplate).Transform(new WebhookTransformRequest("{\"x\":1}"u8.ToArray())));

        Assert.Equal("clerk/webhook.received", evt.Name);
        Assert.Equal(1, evt.Data.GetProperty("x").GetInt32());
    }
}
