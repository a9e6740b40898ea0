using Steadfast.Expressions;

namespace Steadfast.Bench.Expressions;

/// <summary>Builds the benchmark index and measures its retained memory per entry.</summary>
internal static class IndexMemory
{
    public const string Expression = "event.data.user_id == async.data.user_id";

    public static ExpressionIndex<int> Build(int entries)
    {
        var index = new ExpressionIndex<int>();
        for (var i = 0; i < entries; i++)
        {
            // Each entry's bound event is the run's triggering event; the index keeps a clone of it.
            index.Add($"pause-{i}", Expression, SampleEvents.Element(i), i);
        }

        return index;
    }

    public static void Report(int entries)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        using var index = Build(entries);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perEntry = (after - before) / (double)entries;
        Console.WriteLine($"{entries} entries of '{Expression}' with a {SampleEvents.Json(0).Length}-character bound event: {(after - before) / 1024.0 / 1024.0:F1} MiB retained, {perEntry:F0} bytes per entry");
        GC.KeepAlive(index);
    }
}
