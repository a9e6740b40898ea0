using System.Collections.Concurrent;
using System.Diagnostics;

namespace Steadfast.Interop.Tests.Infrastructure;

/// <summary>A child process whose output is kept (last lines) for failure messages, killed with its tree on dispose.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly string _name;
    private readonly StreamWriter? _log;

    private ChildProcess(string name, Process process)
    {
        _name = name;
        _process = process;

        // STEADFAST_INTEROP_LOGS=<dir> keeps every line each child printed (for CI post-mortems).
        if (Environment.GetEnvironmentVariable("STEADFAST_INTEROP_LOGS") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            var file = string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '-')) + ".log";
            _log = new StreamWriter(Path.Combine(dir, file), append: true) { AutoFlush = true };
        }
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>
    /// Starts <paramref name="fileName"/> under a small bash watchdog that ends it when this test host is gone:
    /// the shared fixtures live until the host exits, and ProcessExit handlers do not run when the runner kills the
    /// host, so the children must not depend on them.
    /// </summary>
    public static ChildProcess Start(string name, string fileName, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string?>? env = null)
    {
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Watchdog);
        psi.ArgumentList.Add("watchdog");
        psi.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(fileName);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
        {
            if (v is null)
            {
                psi.Environment.Remove(k);
            }
            else
            {
                psi.Environment[k] = v;
            }
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => child.Keep($"[exited with code {SafeExitCode(process)}]");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Reaper.Track(child);
        return child;
    }

    // $1 = the test host's pid, $2... = the command. The child is killed when the host or the watchdog goes away.
    private const string Watchdog = """
        host=$1; shift
        "$@" &
        child=$!
        trap 'kill $child 2>/dev/null; exit 143' TERM INT HUP
        while kill -0 "$host" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1 & wait $!; done
        kill $child 2>/dev/null
        wait $child
        """;

    /// <summary>The last lines the process printed, for failure messages.</summary>
    public string Tail => $"--- last output of {_name} (pid {SafeId()}) ---\n" + string.Join('\n', _tail);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        lock (_tail)
        {
            _log?.Dispose();
        }
    }

    private static string SafeExitCode(Process p)
    {
        try
        {
            return p.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private string SafeId()
    {
        try
        {
            return _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _tail.Enqueue(line);
        lock (_tail)
        {
            try
            {
                _log?.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }

        while (_tail.Count > 60 && _tail.TryDequeue(out _))
        {
        }
    }

    /// <summary>Kills every child still running when the test host exits (shared fixtures have no other end).</summary>
    private static class Reaper
    {
        private static readonly ConcurrentBag<WeakReference<ChildProcess>> Children = [];

        static Reaper() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var w in Children)
            {
                if (w.TryGetTarget(out var c))
                {
                    c.Dispose();
                }
            }
        };

        public static void Track(ChildProcess child) => Children.Add(new WeakReference<ChildProcess>(child));
    }
}
