using Steadfast.Sdk.Testing;

namespace Steadfast.Sdk.Tests.Testing;

public class ManualTimeProviderTests
{
    [Fact]
    public void Advance_MovesUtcNowAndTimestamp()
    {
        var clock = new ManualTimeProvider();
        var before = clock.GetTimestamp();

        clock.Advance(TimeSpan.FromDays(3));

        Assert.Equal(ManualTimeProvider.DefaultStart.AddDays(3), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromDays(3), clock.GetElapsedTime(before));
    }

    [Fact]
    public void Advance_Negative_Throws()
    {
        var clock = new ManualTimeProvider();

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task Advance_PastDelay_CompletesTaskDelay()
    {
        var clock = new ManualTimeProvider();
        var delay = Task.Delay(TimeSpan.FromMinutes(5), clock);

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));

        await delay.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresAtEachPeriodWithClockAtDueTime()
    {
        var clock = new ManualTimeProvider();
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromSeconds(35));

        var start = ManualTimeProvider.DefaultStart;
        Assert.Equal([start.AddSeconds(10), start.AddSeconds(20), start.AddSeconds(30)], fired);
    }

    [Fact]
    public void Dispose_Timer_StopsFiring()
    {
        var clock = new ManualTimeProvider();
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, fired);
    }

    [Fact]
    public void Constructor_NonUtcStart_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.FromHours(2))));
}
