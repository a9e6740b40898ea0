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
        using var process = Process.Start(SteadfastCli.StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }
}
