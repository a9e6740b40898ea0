using System.Diagnostics;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>The real <c>steadfast webhook send</c> process against the sample on Kestrel.</summary>
public sealed class WebhookSendCommandTests
{
    [Fact]
    public async Task WebhookSend_FixtureWithRightSecret_Exit0AndUserSynced()
    {
        await using var host = await SyncAppHost.StartAsync();
        var file = Path.Combine(AppContext.BaseDirectory, "Fixtures", "clerk", "user.created.json");

        var (exit, output) = await RunAsync("webhook", "send", "--secret", ClerkFixtures.Secret, "--url", new Uri(host.Client.BaseAddress!, "/api/webhooks/clerk").ToString(), "--id", "msg_cli_test", file);

        Assert.True(exit == 0, output);
        Assert.Contains("200 OK", output, StringComparison.Ordinal);
        Assert.Contains("svix-id: msg_cli_test", output, StringComparison.Ordinal);
        await host.WaitUntilAsync(async () => await host.Users.GetAsync(ClerkFixtures.AdaId) is not null, "the user row");
    }

    [Fact]
    public async Task WebhookSend_WrongSecret_Exit1AndPrints401()
    {
        await using var host = await SyncAppHost.StartAsync();
        var file = Path.Combine(AppContext.BaseDirectory, "Fixtures", "clerk", "user.created.json");

        var (exit, output) = await RunAsync("webhook", "send", "--secret", "whsec_YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4", "--url", new Uri(host.Client.BaseAddress!, "/api/webhooks/clerk").ToString(), file);

        Assert.Equal(1, exit);
        Assert.Contains("401 Unauthorized", output, StringComparison.Ordinal);
        Assert.Contains("NoMatchingSignature", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(ServerDll());
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>src/Steadfast.Server's build output for the configuration this test was built in.</summary>
    private static string ServerDll()
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
}
