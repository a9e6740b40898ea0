using Steadfast.Protocol.Time;

namespace Steadfast.Sdk.Tests.Protocol;

public class DurationsTests
{
    [Theory]
    [InlineData("3 days", "3d")]
    [InlineData("1h30m", "1h30m")]
    [InlineData("1.5h", "1h30m")]
    [InlineData("60000", "1m")]
    [InlineData("30 mins", "30m")]
    [InlineData("500ms", "1s")]
    [InlineData("1ms", "1s")]
    [InlineData("1w2d", "1w2d")]
    [InlineData("90 minutes", "1h30m")]
    [InlineData("1m1s", "1m1s")]
    public void Format_ParsedText_MatchesJsTimeStr(string input, string expected) =>
        Assert.Equal(expected, Durations.Format(Durations.Parse(input)));

    [Fact]
    public void Parse_ThreeDays_IsThreeDays() => Assert.Equal(TimeSpan.FromDays(3), Durations.Parse("3 days"));

    [Fact]
    public void Parse_FractionalHours_IsNinetyMinutes() => Assert.Equal(TimeSpan.FromMinutes(90), Durations.Parse("1.5h"));

    [Fact]
    public void Format_SubSecond_RoundsUpToOneSecond() => Assert.Equal("1s", Durations.Format(TimeSpan.FromMilliseconds(1)));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("abc", "expected a number")]
    [InlineData("3 fortnights", "unknown unit 'fortnights'")]
    [InlineData("1h 2x", "unknown unit 'x'")]
    [InlineData("..h", "expected a number")]
    public void Parse_InvalidInput_ThrowsFormatExceptionWithReason(string input, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => Durations.Parse(input));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TooLong_FailsWithReason()
    {
        Assert.False(Durations.TryParse(new string('1', 70) + "s", out _, out var error));
        Assert.Contains("longer than 64", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryResolveDue_IsoInstant_ReturnsThatInstant()
    {
        var now = new DateTimeOffset(2029, 12, 31, 0, 0, 0, TimeSpan.Zero);
        Assert.True(Durations.TryResolveDue("2030-01-01T00:00:00.000Z", now, out var due, out _));
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void TryResolveDue_Duration_AddsToNow()
    {
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.True(Durations.TryResolveDue("1h30m", now, out var due, out _));
        Assert.Equal(now.AddMinutes(90), due);
    }

    [Fact]
    public void TryResolveDue_BeyondMax_ClampsTo366Days()
    {
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.True(Durations.TryResolveDue("2040-01-01T00:00:00Z", now, out var due, out _));
        Assert.Equal(now + Durations.Max, due);
    }

    [Fact]
    public void TryResolveDue_Garbage_FailsWithError()
    {
        Assert.False(Durations.TryResolveDue("soon", DateTimeOffset.UnixEpoch, out _, out var error));
        Assert.NotNull(error);
    }
}
