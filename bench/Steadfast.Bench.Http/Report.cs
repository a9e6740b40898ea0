using System.Globalization;

namespace Steadfast.Bench.Http;

/// <summary>Every repetition as a row, then the median repetition of each SDK side by side.</summary>
internal static class Report
{
    private const double TargetCallsPerSecond = 2000;

    public static void Print(List<Trial> trials, string[] sdks, Settings settings)
    {
        var all = new ResultTable(
            "every repetition",
            "app", "step calls/s", "runs/s", "window s", "send s", "calls/run", "server µs CPU/call", "writer µs/call", "JIT µs/call", "fsync/call", "pwrite/call", "app µs CPU/call", "server share", "app share", "bench share", "others share", "idle", "failed runs", "load before -> after");
        foreach (var t in trials)
        {
            all.Add(Name(t.Sdk), t.CallsPerSecond, t.RunsPerSecond, t.Seconds, t.SendSeconds, (double)t.Calls / t.Runs, t.ServerMicrosPerCall, t.WriterMicrosPerCall, t.JitMicrosPerCall, Opt(t.PerCall("fsync")), Opt(t.PerCall("pwrite64")), t.AppMicrosPerCall,
                Pct(t.Share(t.ServerCpu)), Pct(t.Share(t.AppCpu)), Pct(t.Share(t.BenchCpu)), Pct(t.OthersShare), Pct(t.IdleShare), t.FailedRuns, $"{t.LoadBefore} -> {t.LoadAfter}");
        }

        all.Print();

        _delay = settings.StepDelayMs;
        var medians = sdks.Select(s => Median(trials.Where(t => t.Sdk == s).ToList())).ToList();
        var summary = new ResultTable(
            $"median of {settings.Repeat} by step calls/s ({settings.Events} runs x ({settings.Steps} steps + 1 final call), {Environment.ProcessorCount} cores shared by server, app, this program and other processes)",
            ["metric", .. medians.Select(m => Name(m.Sdk))]);
        Row(summary, medians, "step calls/s (target >= 2,000 with the C# app)", t => F(t.CallsPerSecond));
        Row(summary, medians, "runs/s", t => F(t.RunsPerSecond));
        Row(summary, medians, "step calls/s of every repetition", t => string.Join(" / ", trials.Where(x => x.Sdk == t.Sdk).Select(x => F(x.CallsPerSecond))));
        Row(summary, medians, "server CPU per step call", t => $"{F(t.ServerMicrosPerCall)} µs");
        Row(summary, medians, "  of which the SQLite writer thread", t => $"{F(t.WriterMicrosPerCall)} µs");
        Row(summary, medians, "  of which the tier-1 JIT thread (warm-up; lower bound)", t => $"{F(t.JitMicrosPerCall)} µs");
        Row(summary, medians, "server fsyncs (commits) per step call", t => Opt(t.PerCall("fsync")));
        Row(summary, medians, "step calls per commit", t => t.PerCall("fsync") is { } f && f > 0 ? F(1 / f) : "");
        Row(summary, medians, "server WAL page writes (pwrite64) per step call", t => Opt(t.PerCall("pwrite64")));
        Row(summary, medians, "app CPU per step call", t => $"{F(t.AppMicrosPerCall)} µs");
        Row(summary, medians, "server share of all cores", t => Pct(t.Share(t.ServerCpu)));
        Row(summary, medians, "app share of all cores", t => Pct(t.Share(t.AppCpu)));
        Row(summary, medians, "bench (event sender, poller) share", t => Pct(t.Share(t.BenchCpu)));
        Row(summary, medians, "other processes' share", t => Pct(t.OthersShare));
        Row(summary, medians, "idle", t => Pct(t.IdleShare));
        Row(summary, medians, "server ceiling: cores / server CPU per call", t => $"{F(t.ServerCeiling)} calls/s");
        Row(summary, medians, "app ceiling: usable cores / app CPU per call", t => $"{F(t.AppCeiling(t.Sdk == "js"))} calls/s{(t.Sdk == "js" ? " (node: 1 core)" : "")}");
        Row(summary, medians, "projected on an idle machine: cores / (server + app + bench CPU per call), capped by the app ceiling", t => $"{F(t.Projected(t.Sdk == "js"))} calls/s");
        Row(summary, medians, "failed runs", t => t.FailedRuns.ToString(CultureInfo.InvariantCulture));
        Row(summary, medians, "load average before -> after", t => $"{t.LoadBefore} -> {t.LoadAfter}");
        summary.Print();

        foreach (var m in medians)
        {
            var verdict = m.Sdk != "csharp" || _delay > 0 ? "no target" : m.CallsPerSecond >= TargetCallsPerSecond ? "target met" : "target NOT met";
            var heavier = m.ServerCpu > m.AppCpu ? "server" : "app";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# {Name(m.Sdk)}: {m.CallsPerSecond:N0} step calls/s ({verdict}); {heavier} uses more CPU per call (server {m.ServerMicrosPerCall:0} µs, app {m.AppMicrosPerCall:0} µs)"));
        }
    }

    private static Trial Median(List<Trial> trials) => trials.OrderBy(t => t.CallsPerSecond).ElementAt(trials.Count / 2);

    private static void Row(ResultTable table, List<Trial> medians, string metric, Func<Trial, string> cell) =>
        table.Add([metric, .. medians.Select(cell)]);

    private static int _delay;

    private static string Name(string sdk) =>
        (sdk == "csharp" ? "C# serve endpoint" : "JS SDK (inngest 4.24.0, Express)") + (_delay > 0 ? $", steps wait {_delay} ms" : "");

    private static string F(double v) => v.ToString(v >= 100 ? "N0" : "0.#", CultureInfo.InvariantCulture);

    private static string Opt(double? v) => v is { } d ? d.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    private static string Pct(double v) => v.ToString("P0", CultureInfo.InvariantCulture);
}
