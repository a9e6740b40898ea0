using System.Diagnostics;

namespace Steadfast.Bench.Http;

/// <summary>Start information for this program (with another verb) or another executable.</summary>
internal static class ChildProcess
{
    public static ProcessStartInfo Self(params string[] args)
    {
        var exe = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(exe) == "dotnet"
            ? Start(exe, [typeof(ChildProcess).Assembly.Location, .. args])
            : Start(exe, args);
    }

    public static ProcessStartInfo Start(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return psi;
    }
}
