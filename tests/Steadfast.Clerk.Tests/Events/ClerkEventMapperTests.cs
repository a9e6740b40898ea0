using System.Text;
using Steadfast.Clerk.Events;
using Steadfast.Clerk.Tests.Support;

namespace Steadfast.Clerk.Tests.Events;

/// <summary>Naming, envelope validation and timestamp rules (§6 scenarios 18, 19, 22–24, 26).</summary>
public sealed class ClerkEventMapperTests
{
    private const long NowMs = 1_741_946_402_000;
    private static readonly ClerkEventMapper Mapper = new(Clock.AtMilliseconds(NowMs));

    private static MappedEvent Map(string body) => Mapper.Map(Encoding.UTF8.GetBytes(body), "msg_1");

    private static ClerkPayloadError Error(string body) =>
        Assert.Throws<ClerkPayloadException>(() => Map(body)).Error;

    [Theory]
    [InlineData("organizationMembership.created")]
    [InlineData("waitlistEntry.updated")]
    [InlineData("subscriptionItem.freeTrialEnding")]
    [InlineData("user.created")]
    public void Map_CamelCaseType_KeepsExactCase(string type)
    {
        var mapped = Map($$"""{"type":"{{type}}","object":"event","data":{},"timestamp":1741946400000}""");

        Assert.Equal("clerk/" + type, mapped.Name);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("user")]
    [InlineData("user.")]
    [InlineData(".created")]
    [InlineData("user..created")]
    [InlineData("user created.x")]
    [InlineData("user/created.x")]
    [InlineData("üser.created")]
    public void Map_UnsafeType_ThrowsInvalidType(string type)
    {
        Assert.Equal(ClerkPayloadError.InvalidType, Error($$"""{"type":"{{type}}","data":{},"timestamp":1}"""));
    }

    [Fact]
    public void Map_OverlongType_ThrowsInvalidType()
    {
        var type = new string('a', 100) + "." + new string('b', 100);

        Assert.Equal(ClerkPayloadError.InvalidType, Error($"{{\"type\":\"{type}\",\"data\":{{}}}}"));
    }

    [Theory]
    [InlineData("""{"data":{}}""")]
    [InlineData("""{"type":"","data":{}}""")]
    [InlineData("""{"type":null,"data":{}}""")]
    [InlineData("""{"type":42,"data":{}}""")]
    public void Map_MissingOrNonStringType_ThrowsMissingType(string body)
    {
        Assert.Equal(ClerkPayloadError.MissingType, Error(body));
    }

    [Theory]
    [InlineData("""{"type":"user.created"}""")]
    [InlineData("""{"type":"user.created","data":null}""")]
    [InlineData("""{"type":"user.created","data":[]}""")]
    [InlineData("""{"type":"user.created","data":"user_1"}""")]
    public void Map_MissingOrNonObjectData_ThrowsMissingData(string body)
    {
        Assert.Equal(ClerkPayloadError.MissingData, Error(body));
    }

    [Theory]
    [InlineData("""{"object":"user","type":"user.created","data":{}}""")]
    [InlineData("""{"object":null,"type":"user.created","data":{}}""")]
    public void Map_ObjectOtherThanEvent_ThrowsWrongObjectKind(string body)
    {
        Assert.Equal(ClerkPayloadError.WrongObjectKind, Error(body));
    }

    [Theory]
    [InlineData("not json", ClerkPayloadError.MalformedJson)]
    [InlineData("", ClerkPayloadError.MalformedJson)]
    [InlineData("{\"type\":\"user.created\",\"data\":{}", ClerkPayloadError.MalformedJson)]
    [InlineData("{\"type\":\"user.created\",\"type\":\"user.deleted\",\"data\":{}}", ClerkPayloadError.MalformedJson)]
    [InlineData("[]", ClerkPayloadError.NotAnObject)]
    [InlineData("null", ClerkPayloadError.NotAnObject)]
    [InlineData("42", ClerkPayloadError.NotAnObject)]
    public void Map_MalformedBody_ThrowsSpecificError(string body, ClerkPayloadError expected)
    {
        Assert.Equal(expected, Error(body));
    }

    [Fact]
    public void Map_NonUtf8Body_ThrowsNotUtf8()
    {
        var exception = Assert.Throws<ClerkPayloadException>(() => Mapper.Map(new byte[] { 0xFF, 0xFE }, "msg_1"));

        Assert.Equal(ClerkPayloadError.NotUtf8, exception.Error);
    }

    [Fact]
    public void Map_MissingSvixId_ThrowsArgumentException()
    {
        Assert.ThrowsAny<ArgumentException>(() => Mapper.Map(Encoding.UTF8.GetBytes("{}"), ""));
    }

    [Fact]
    public void TryMap_MalformedBody_ReturnsFalseWithError()
    {
        var ok = Mapper.TryMap(Encoding.UTF8.GetBytes("nope"), "msg_1", out var mapped, out var error);

        Assert.False(ok);
        Assert.Null(mapped);
        Assert.Equal(ClerkPayloadError.MalformedJson, error!.Error);
    }

    [Fact]
    public void TryMap_ValidBody_ReturnsEvent()
    {
        var ok = Mapper.TryMap(Encoding.UTF8.GetBytes("""{"type":"user.created","data":{"id":"u"},"timestamp":1741946400000}"""), "msg_9", out var mapped, out var error);

        Assert.True(ok);
        Assert.Null(error);
        Assert.Equal("msg_9", mapped!.Id);
    }

    [Fact]
    public void Map_TimestampInMilliseconds_PassesThrough()
    {
        var mapped = Map("""{"type":"user.created","data":{},"timestamp":1741946400180}""");

        Assert.Equal(1741946400180, mapped.Ts);
        Assert.Equal(ClerkTimestampCorrection.None, mapped.TimestampCorrection);
    }

    [Fact]
    public void Map_TimestampInSeconds_IsConvertedToMilliseconds()
    {
        var mapped = Map("""{"type":"user.created","data":{},"timestamp":1716883200}""");

        Assert.Equal(1716883200000, mapped.Ts);
        Assert.Equal(ClerkTimestampCorrection.ConvertedFromSeconds, mapped.TimestampCorrection);
    }

    [Theory]
    [InlineData(NowMs + 300_001)]
    [InlineData(NowMs * 1000)]
    [InlineData(long.MaxValue)]
    public void Map_TimestampTooFarInFuture_IsClampedToNow(long timestamp)
    {
        var mapped = Map($$"""{"type":"user.created","data":{},"timestamp":{{timestamp}}}""");

        Assert.Equal(NowMs, mapped.Ts);
        Assert.Equal(ClerkTimestampCorrection.ClampedToNow, mapped.TimestampCorrection);
    }

    [Fact]
    public void Map_TimestampWithinFutureSkew_IsKept()
    {
        var mapped = Map($$"""{"type":"user.created","data":{},"timestamp":{{NowMs + 300_000}}}""");

        Assert.Equal(NowMs + 300_000, mapped.Ts);
        Assert.Equal(ClerkTimestampCorrection.None, mapped.TimestampCorrection);
    }

    [Theory]
    [InlineData("""{"type":"user.created","data":{}}""")]
    [InlineData("""{"type":"user.created","data":{},"timestamp":null}""")]
    public void Map_TimestampMissing_UsesNow(string body)
    {
        var mapped = Map(body);

        Assert.Equal(NowMs, mapped.Ts);
        Assert.Equal(ClerkTimestampCorrection.MissingUsedNow, mapped.TimestampCorrection);
    }

    [Theory]
    [InlineData("\"1741946400000\"")]
    [InlineData("1741946400000.5")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("1e400")]
    [InlineData("{}")]
    public void Map_TimestampNotPositiveInteger_ThrowsInvalidTimestamp(string timestamp)
    {
        Assert.Equal(ClerkPayloadError.InvalidTimestamp, Error($$"""{"type":"user.created","data":{},"timestamp":{{timestamp}}}"""));
    }

    [Fact]
    public void Constructor_NegativeSkew_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClerkEventMapper(maxFutureSkew: TimeSpan.FromSeconds(-1)));
    }

    [Theory]
    [InlineData("user.created", true)]
    [InlineData("organizationMembership.created", true)]
    [InlineData("a.b.c", true)]
    [InlineData("user", false)]
    [InlineData("", false)]
    public void IsSafeEventType_Pattern_Matches(string type, bool expected)
    {
        Assert.Equal(expected, ClerkEventMapper.IsSafeEventType(type));
    }
}
