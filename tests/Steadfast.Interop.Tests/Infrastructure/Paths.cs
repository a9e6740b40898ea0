using System.Net;
using System.Net.Sockets;

namespace Steadfast.Interop.Tests.Infrastructure;

/// <summary>Where the repository, the server build and the interop app are.</summary>
public static class Paths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string InteropApp => Path.Combine(RepoRoot, "interop", "js");

    /// <summary>
    /// The server built in the same configuration as these tests (the ProjectReference builds it first), or the dll named
    /// by <c>STEADFAST_SERVER_DLL</c> (to run the suite against another build).
    /// </summary>
    public static string ServerDll
    {
        get
        {
            if (Environment.GetEnvironmentVariable("STEADFAST_SERVER_DLL") is { Length: > 0 } overridden)
            {
                return overridden;
            }

            var config = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var path = Path.Combine(RepoRoot, "src", "Steadfast.Server", "bin", config, "net10.0", "steadfast.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("build src/Steadfast.Server first", path);
        }
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static string TempDir(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Steadfast.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root (Steadfast.slnx) not found above " + AppContext.BaseDirectory);
    }
}
