using System.Text;
using System.Text.Json;
using Steadfast.Clerk.Events;
using Steadfast.Clerk.Models;
using Steadfast.Clerk.Tests.Support;

namespace Steadfast.Clerk.Tests.Models;

/// <summary>The envelope model against every fixture, and malformed bodies.</summary>
public sealed class ClerkEnvelopeTests
{
    public static TheoryData<string> Files => Fixtures.Files();

    [Theory]
    [MemberData(nameof(Files))]
    public void Parse_Fixture_ReadsTypeTimestampAndInstance(string file)
    {
        var entry = Fixtures.Entry(file);

        var envelope = ClerkWebhookEnvelope.Parse(entry.Body);

        Assert.Equal(entry.ExpectedName, "clerk/" + envelope.Type);
        Assert.Equal(entry.ExpectedTs, envelope.Timestamp);
        Assert.Equal("event", envelope.Object);
        Assert.Equal("ins_2Hnt7KXxZDqeMdIV3HSm4H3VJZy", envelope.InstanceId);
        Assert.Equal(JsonValueKind.Object, envelope.Data.ValueKind);
    }

    [Fact]
    public void Parse_CurrentShape_ReadsEventAttributes()
    {
        var envelope = ClerkWebhookEnvelope.Parse(Fixtures.Bytes("user.created.json"));

        Assert.Equal("203.0.113.24", envelope.EventAttributes!.HttpRequest!.ClientIp);
        Assert.StartsWith("Mozilla/5.0", envelope.EventAttributes.HttpRequest.UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LegacyShape_HasNoEventAttributes()
    {
        var envelope = ClerkWebhookEnvelope.Parse(Fixtures.Bytes("edge/user.created.legacy-shape.json"));

        Assert.Null(envelope.EventAttributes);
        Assert.Equal("user.created", envelope.Type);
    }

    [Theory]
    [InlineData("user.deleted.json", "user_281JFKuFlaVkXbK7ZHi9rje0s2w", null)]
    [InlineData("edge/user.deleted.never-created.json", "user_2au4kIjSfXKhD6I0yg6813PrhYn", "legacy-7781")]
    public void DeletedObjectFromData_UserDeleted_ReadsIdAndExternalId(string file, string id, string? externalId)
    {
        var deleted = ClerkDeletedObject.FromData(ClerkWebhookEnvelope.Parse(Fixtures.Bytes(file)).Data);

        Assert.True(deleted.Deleted);
        Assert.Equal("user", deleted.Object);
        Assert.Equal(id, deleted.Id);
        Assert.Equal(externalId, deleted.ExternalId);
    }

    [Fact]
    public void Parse_DataOutlivesInputBuffer()
    {
        var body = Fixtures.Bytes("user.created.json");
        var envelope = ClerkWebhookEnvelope.Parse(body);

        Array.Clear(body);

        Assert.Equal("Ada", envelope.Data.GetProperty("first_name").GetString());
    }

    [Theory]
    [InlineData("not json", ClerkPayloadError.MalformedJson)]
    [InlineData("{\"type\":\"user.created\",\"type\":\"user.deleted\",\"data\":{}}", ClerkPayloadError.MalformedJson)]
    [InlineData("[1,2]", ClerkPayloadError.MalformedJson)]
    [InlineData("null", ClerkPayloadError.NotAnObject)]
    public void Parse_MalformedBody_ThrowsSpecificError(string body, ClerkPayloadError expected)
    {
        var exception = Assert.Throws<ClerkPayloadException>(() => ClerkWebhookEnvelope.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(expected, exception.Error);
    }

    [Fact]
    public void Parse_InvalidUtf8_ThrowsNotUtf8()
    {
        var exception = Assert.Throws<ClerkPayloadException>(() => ClerkWebhookEnvelope.Parse([0x7B, 0xFF, 0xFE, 0x7D]));

        Assert.Equal(ClerkPayloadError.NotUtf8, exception.Error);
    }
}
