namespace Steadfast.Bench.Http;

/// <summary>One measured window: N runs of a k-step function driven end to end through the HTTP driver.</summary>
internal sealed record Trial(
    string Sdk,
    long Calls,
    long Runs,
    double Seconds,
    double SendSeconds,
    double ServerCpu,
    double AppCpu,
    double BenchCpu,
    double MachineBusy,
    double MachineTotal,
    string LoadBefore,
    string LoadAfter,
    long FailedRuns,
    double WriterCpu,
    double JitCpu,
    IReadOnlyDictionary<string, long>? Syscalls)
{
    public double JitMicrosPerCall => JitCpu * 1e6 / Calls;

    public double WriterMicrosPerCall => WriterCpu * 1e6 / Calls;

    /// <summary>Server system calls of <paramref name="name"/> per step call, or null without perf.</summary>
    public double? PerCall(string name) => Syscalls is not null && Syscalls.TryGetValue(name, out var n) ? (double)n / Calls : null;

    public double CallsPerSecond => Calls / Seconds;

    public double RunsPerSecond => Runs / Seconds;

    public double ServerMicrosPerCall => ServerCpu * 1e6 / Calls;

    public double AppMicrosPerCall => AppCpu * 1e6 / Calls;

    /// <summary>Share of all the machine's cores over the window (1.0 = every core busy the whole time).</summary>
    public double Share(double cpuSeconds) => cpuSeconds / MachineTotal;

    public double OthersShare => Math.Max(0, (MachineBusy - ServerCpu - AppCpu - BenchCpu) / MachineTotal);

    public double IdleShare => Math.Max(0, 1 - (MachineBusy / MachineTotal));

    /// <summary>
    /// Step calls per second the server alone could carry if it had every core: cores / server CPU per call. Above the
    /// measured rate means the server is not what limits it.
    /// </summary>
    public double ServerCeiling => Environment.ProcessorCount / (ServerCpu / Calls);

    /// <summary>
    /// Step calls per second on an otherwise idle machine: every core shared by server, app and this program at the
    /// CPU each used per call, capped by the app's own ceiling (node runs the JS SDK on one core).
    /// </summary>
    public double Projected(bool singleThreadedApp) =>
        Math.Min(Environment.ProcessorCount / ((ServerCpu + AppCpu + BenchCpu) / Calls), AppCeiling(singleThreadedApp));

    public double AppCeiling(bool singleThreaded) => (singleThreaded ? 1 : Environment.ProcessorCount) / (AppCpu / Calls);
}
