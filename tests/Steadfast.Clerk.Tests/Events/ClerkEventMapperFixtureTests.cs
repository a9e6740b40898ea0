using System.Text.Json;
using Steadfast.Clerk.Events;
using Steadfast.Clerk.Svix;
using Steadfast.Clerk.Tests.Support;

namespace Steadfast.Clerk.Tests.Events;

/// <summary>Every fixture maps to its manifest's expected event (§6 scenarios 1, 23, 25).</summary>
public sealed class ClerkEventMapperFixtureTests
{
    public static TheoryData<string> Files => Fixtures.Files();

    [Theory]
    [MemberData(nameof(Files))]
    public void Map_Fixture_ProducesManifestEvent(string file)
    {
        var entry = Fixtures.Entry(file);
        var mapper = new ClerkEventMapper(Clock.At(entry.TimestampSeconds));

        var mapped = mapper.Map(entry.Body, entry.SvixId);

        Assert.Equal(entry.ExpectedName, mapped.Name);
        Assert.Equal(entry.ExpectedId, mapped.Id);
        Assert.Equal(entry.ExpectedTs, mapped.Ts);
        Assert.Equal(ClerkTimestampCorrection.None, mapped.TimestampCorrection);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Map_Fixture_KeepsDataByteForByte(string file)
    {
        var entry = Fixtures.Entry(file);
        using var original = JsonDocument.Parse(entry.Body);
        var expected = original.RootElement.GetProperty("data");

        var mapped = new ClerkEventMapper(Clock.At(entry.TimestampSeconds)).Map(entry.Body, entry.SvixId);

        Assert.Equal(expected.GetRawText(), mapped.Data.GetRawText());
        Assert.True(JsonElement.DeepEquals(expected, mapped.Data));
    }

    [Fact]
    public void VerifyThenMap_HappyPath_YieldsUserCreatedEventWithSvixIdAndEnvelopeTime()
    {
        var entry = Fixtures.Entry("user.created.json");
        var clock = Clock.At(entry.TimestampSeconds);
        var verification = new SvixSignatureVerifier(Fixtures.Secret, timeProvider: clock).Verify(entry.Body, entry.Headers());

        var mapped = new ClerkEventMapper(clock).Map(entry.Body, verification.MessageId!);

        Assert.True(verification.IsValid);
        Assert.Equal("clerk/user.created", mapped.Name);
        Assert.Equal("msg_2pWRfSskXYHBFYczhu2QdSRYtlX", mapped.Id);
        Assert.Equal(1741946400180, mapped.Ts);
        Assert.Equal("user_281JFKuFlaVkXbK7ZHi9rje0s2w", mapped.Data.GetProperty("id").GetString());
    }

    [Fact]
    public void Map_UnknownType_IsMappedNotRejected()
    {
        var entry = Fixtures.Entry("edge/unknown.type.json");

        var mapped = new ClerkEventMapper(Clock.At(entry.TimestampSeconds)).Map(entry.Body, entry.SvixId);

        Assert.Equal("clerk/widget.exploded", mapped.Name);
        Assert.Equal("widget", mapped.Data.GetProperty("object").GetString());
    }

    [Fact]
    public void Map_LegacyShape_KeepsExtraFieldsInData()
    {
        var entry = Fixtures.Entry("edge/user.created.legacy-shape.json");

        var mapped = new ClerkEventMapper(Clock.At(entry.TimestampSeconds)).Map(entry.Body, entry.SvixId);

        Assert.Equal(string.Empty, mapped.Data.GetProperty("birthday").GetString());
        Assert.Equal(string.Empty, mapped.Data.GetProperty("gender").GetString());
    }

    [Fact]
    public void Map_DataOutlivesInputBuffer()
    {
        var entry = Fixtures.Entry("user.created.json");
        var body = entry.Body;
        var mapped = new ClerkEventMapper(Clock.At(entry.TimestampSeconds)).Map(body, entry.SvixId);

        Array.Clear(body);

        Assert.Equal("Ada", mapped.Data.GetProperty("first_name").GetString());
    }
}
