using System.Diagnostics;
using System.Text.Json;

namespace Steadfast.Clerk.Tests.Support;

/// <summary>Runs js/svix-crosscheck.mjs (the official svix package) on a batch of sign/verify cases.</summary>
internal static class SvixNode
{
    public static string? Directory { get; } = Locate();

    public static bool IsInstalled =>
        Directory is not null && System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "svix"));

    public static async Task<JsonElement[]> RunAsync(IEnumerable<object> cases)
    {
        var startInfo = new ProcessStartInfo("node", "svix-crosscheck.mjs")
        {
            WorkingDirectory = Directory!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(cases));
        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);
        var stdout = await output;
        Assert.True(process.ExitCode == 0, $"node exited with {process.ExitCode}: {await error}");
        using var document = JsonDocument.Parse(stdout);
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Steadfast.Clerk.Tests.csproj")))
            {
                return Path.Combine(dir.FullName, "js");
            }
        }

        return null;
    }
}
