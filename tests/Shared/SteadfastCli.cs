using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Steadfast.Tests.Shared;

/// <summary>
/// The real <c>steadfast</c> executable (src/Steadfast.Server's build output, built first by a project reference).
/// Compiled into each test project that starts it (linked from tests/Shared).
/// </summary>
internal static class SteadfastCli
{
    /// <summary>src/Steadfast.Server's build output for the configuration this test was built in.</summary>
    public static string ServerDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Steadfast.slnx")))
        {
            dir = dir.Parent;
        }

        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(dir!.FullName, "src", "Steadfast.Server", "bin", configuration, "net10.0", "steadfast.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Steadfast.Server first", dll);
    }

    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(ServerDll());
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return psi;
    }

    /// <summary>A loopback port free right now, to start a server on.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
