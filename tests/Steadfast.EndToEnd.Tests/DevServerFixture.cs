namespace Steadfast.EndToEnd.Tests;

/// <summary>One real <c>steadfast dev</c> process for a test class, on a free port and a fresh SQLite directory.</summary>
public sealed class DevServerFixture : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "steadfast-e2e", Guid.NewGuid().ToString("N"));
    private ServerProcess? _server;

    public HttpClient Client => _server!.Client;

    public async Task InitializeAsync()
    {
        var port = ServerProcess.FreePort();
        _server = await ServerProcess.StartAsync(
            ServerProcess.ProjectDll("src/Steadfast.Server", "steadfast"),
            ["dev", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--sqlite-dir", _dir, "--no-discovery"],
            port);
    }

    public Task DisposeAsync()
    {
        _server?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }

        return Task.CompletedTask;
    }
}
