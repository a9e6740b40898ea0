using System.Text.Json;
using Steadfast.Engine.FlowControl;
using Steadfast.Protocol.Json;
using Steadfast.Protocol.Sync;

namespace Steadfast.Engine.Tests;

public sealed class FlowControlParserTests
{
    private static FunctionConfig Config(string fields) =>
        JsonSerializer.Deserialize($$"""{"id":"app-fn","triggers":[{"event":"a/b"}],"steps":{}{{fields}}}""", ProtocolJsonContext.Default.FunctionConfig)!;

    [Fact]
    public void TryParse_ReferenceExample_ReadsEverySetting()
    {
        var config = Config("""
            ,"idempotency": "event.data.user",
            "rateLimit": { "limit": 10, "period": "1m" },
            "throttle": { "limit": 3, "period": "10s", "burst": 2 },
            "concurrency": { "limit": 5, "key": "event.data.user" },
            "debounce": { "period": "5s", "key": "event.data.user", "timeout": "1m" },
            "priority": { "run": "event.data.prio" },
            "timeouts": { "start": "10s", "finish": "1h" },
            "batchEvents": { "maxSize": 10, "timeout": "5s", "key": "event.data.k" },
            "singleton": { "key": "event.data.k", "mode": "skip" }
            """);

        Assert.True(FlowControlParser.TryParse(config, out var flow, out var error), error);
        Assert.Equal("event.data.user", flow.Idempotency);
        Assert.Equal(new RateSettings(10, TimeSpan.FromMinutes(1)), flow.RateLimit);
        Assert.Equal(new RateSettings(3, TimeSpan.FromSeconds(10), Burst: 2), flow.Throttle);
        Assert.Equal([new ConcurrencySettings(5, "event.data.user")], flow.Concurrency);
        Assert.Equal(new DebounceSettings(TimeSpan.FromSeconds(5), "event.data.user", TimeSpan.FromMinutes(1)), flow.Debounce);
        Assert.Equal("event.data.prio", flow.Priority);
        Assert.Equal(TimeSpan.FromSeconds(10), flow.StartTimeout);
        Assert.Equal(TimeSpan.FromHours(1), flow.FinishTimeout);
        Assert.Equal(new BatchSettings(10, TimeSpan.FromSeconds(5), "event.data.k"), flow.Batch);
        Assert.Equal(new SingletonSettings(false, "event.data.k"), flow.Singleton);
    }

    [Fact]
    public void TryParse_ConcurrencyShapes_NumberObjectAndArrayOfTwo()
    {
        Assert.True(FlowControlParser.TryParse(Config(""","concurrency": 1"""), out var n, out _));
        Assert.Equal([new ConcurrencySettings(1)], n.Concurrency);
        Assert.True(FlowControlParser.TryParse(Config(""","concurrency": [{"limit": 2}, {"limit": 1, "key": "event.data.a", "scope": "env"}]"""), out var a, out _));
        Assert.Equal([new ConcurrencySettings(2), new ConcurrencySettings(1, "event.data.a", "env")], a.Concurrency);
    }

    [Theory]
    [InlineData(""","concurrency": [{"limit":1},{"limit":1},{"limit":1}]""", "at most 2")]
    [InlineData(""","concurrency": {"limit":1, "scope":"galaxy"}""", "scope")]
    [InlineData(""","concurrency": {"limit":1, "scope":"account"}""", "needs a key")]
    [InlineData(""","batchEvents": {"maxSize":101, "timeout":"5s"}""", "batchEvents.maxSize")]
    [InlineData(""","batchEvents": {"maxSize":10, "timeout":"61s"}""", "batchEvents.timeout")]
    [InlineData(""","batchEvents": {"maxSize":10}""", "batchEvents.timeout is required")]
    [InlineData(""","debounce": {"period":"500ms"}""", "debounce.period")]
    [InlineData(""","debounce": {"period":"8d"}""", "debounce.period")]
    [InlineData(""","rateLimit": {"limit":0, "period":"1m"}""", "rateLimit.limit")]
    [InlineData(""","throttle": {"limit":1, "period":"soon"}""", "throttle.period")]
    [InlineData(""","singleton": {"mode":"maybe"}""", "singleton.mode")]
    [InlineData(""","idempotency": "event.data.(" """, "idempotency")]
    [InlineData(""","priority": {"run": "async.data.x"}""", "priority.run")]
    [InlineData(""","timeouts": {"start": 5}""", "timeouts.start")]
    public void TryParse_InvalidSetting_RefusedWithTheReason(string fields, string reason)
    {
        Assert.False(FlowControlParser.TryParse(Config(fields), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
