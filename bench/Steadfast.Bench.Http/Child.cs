using System.Diagnostics;
using System.Text;

namespace Steadfast.Bench.Http;

/// <summary>A child process (server or app) whose output is kept for the error message if it dies, killed on dispose.</summary>
internal sealed class Child : IDisposable
{
    private readonly StringBuilder _log = new();
    private readonly Process _process;

    private Child(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static Child Start(string name, ProcessStartInfo psi)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        return new Child(name, Process.Start(psi) ?? throw new InvalidOperationException($"could not start {name}"));
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            // Keep the tail only: a crash message is at the end.
            if (_log.Length > 64_000)
            {
                _log.Remove(0, 32_000);
            }

            _log.AppendLine(line);
        }
    }
}
