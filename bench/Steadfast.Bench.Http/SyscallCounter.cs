using System.Diagnostics;
using System.Globalization;

namespace Steadfast.Bench.Http;

/// <summary>
/// Counts the server's fsync, pwrite64 and sendto system calls over the window with <c>perf stat</c> attached to
/// its pid (kernel tracepoints: cheap, no ptrace). fsyncs are SQLite commits (WAL, synchronous=FULL), pwrite64s are
/// WAL pages written, and each call to the app is one sendto. Skipped (null) when perf is not on the PATH or not
/// allowed to read tracepoints.
/// </summary>
internal sealed class SyscallCounter : IDisposable
{
    private static readonly string[] Events = ["fsync", "pwrite64", "sendto"];

    private readonly Process _perf;

    private SyscallCounter(Process perf) => _perf = perf;

    public static SyscallCounter? TryStart(int pid, bool enabled)
    {
        if (!enabled)
        {
            return null;
        }

        try
        {
            var psi = ChildProcess.Start("perf", ["stat", "-x", ",", "-e", string.Join(',', Events.Select(e => "syscalls:sys_enter_" + e)), "-p", pid.ToString(CultureInfo.InvariantCulture)]);
            psi.RedirectStandardError = true;
            psi.RedirectStandardOutput = true;
            var perf = Process.Start(psi);
            if (perf is null)
            {
                return null;
            }

            // perf needs a moment to attach its counters; a call lost before that is noise at thousands of calls.
            Thread.Sleep(300);
            if (perf.HasExited)
            {
                perf.Dispose();
                return null;
            }

            return new SyscallCounter(perf);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Stops perf (SIGINT, so it prints its counts) and returns event → count.</summary>
    public async Task<IReadOnlyDictionary<string, long>> StopAsync()
    {
        using (var kill = Process.Start(ChildProcess.Start("kill", "-INT", _perf.Id.ToString(CultureInfo.InvariantCulture))))
        {
            await kill!.WaitForExitAsync();
        }

        var text = await _perf.StandardError.ReadToEndAsync();
        await _perf.WaitForExitAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            // CSV: count,unit,event,...
            var cells = line.Split(',');
            if (cells.Length > 2 && long.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                counts[cells[2].Replace("syscalls:sys_enter_", "", StringComparison.Ordinal)] = n;
            }
        }

        return counts;
    }

    public void Dispose()
    {
        try
        {
            if (!_perf.HasExited)
            {
                _perf.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _perf.Dispose();
    }
}
