using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Steadfast.Server.Tests.Webhooks;

/// <summary>The real <c>steadfast</c> executable (src/Steadfast.Server's build output) as a child process on a free loopback port.</summary>
internal sealed class DevServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DevServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>steadfast dev</c> with <paramref name="args"/> and waits for its start-up banner (the last line is the database path).</summary>
    public static async Task<DevServerProcess> StartDevAsync(string sqliteDir, params string[] args)
    {
        var port = SteadfastCli.FreePort();
        var server = new DevServerProcess(Start(["dev", "--port", port.ToString(CultureInfo.InvariantCulture), "--sqlite-dir", sqliteDir, "--no-discovery", .. args]), port);
        server.Attach();
        var exited = server._process.WaitForExitAsync();
        if (await Task.WhenAny(server._ready.Task, exited).WaitAsync(TimeSpan.FromSeconds(90)) == exited)
        {
            throw new InvalidOperationException($"steadfast exited with {server._process.ExitCode} before it was ready:\n{server.Output}");
        }

        return server;
    }

    /// <summary>Runs <c>steadfast</c> to completion (for commands that fail at start-up).</summary>
    public static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        return (process.ExitCode, await stdout + await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static Process Start(IEnumerable<string> args)
    {
        var psi = SteadfastCli.StartInfo(args);

        // The caller's environment must not add sources behind the test's back.
        psi.Environment.Remove("STEADFAST_WEBHOOK");
        psi.Environment.Remove("STEADFAST_WEBHOOKS");
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start steadfast");
    }

    private void Attach()
    {
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (line.TrimStart().StartsWith("Database ", StringComparison.Ordinal))
            {
                _ready.TrySetResult();
            }
        }

        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }
}
