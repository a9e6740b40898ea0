using System.Text.RegularExpressions;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>
/// clerk-svix.md §6 scenario 42: Clerk's <c>email.created</c> / <c>sms.created</c> carry the message Clerk asks you to
/// deliver (one-time codes included). They are forwarded as events, but no log line of the app or its embedded engine —
/// at any level, structured values and scopes included — holds the body or the message. (The fixtures are ours, shaped
/// after Clerk's EmailWebhookEvent/SMSWebhookEvent; the reference set has none.)
/// </summary>
public sealed class SensitiveDataTests
{
    [Theory]
    [InlineData("email.created.json", "msg_2rxA3yXq8EmailCreated", "clerk/email.created", "481516", "Enter this code to verify your email")]
    [InlineData("sms.created.json", "msg_2rxAAbN4SmsCreated", "clerk/sms.created", "234200", "your verification code is")]
    public async Task MessageEvent_Delivered_ForwardedButNoLogLineHoldsItsContent(string file, string svixId, string name, string code, string text)
    {
        var logs = new LogCapture();
        await using var host = await SyncAppHost.StartAsync(logs: logs);

        var eventId = await host.DeliverAsync(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sensitive", file)), svixId);

        Assert.Equal(name, (await host.Engine.GetEventAsync(eventId))!.Name);
        Assert.Empty(await host.RunsAsync(eventId));
        Assert.Empty(await host.Users.ListAsync());
        Assert.Contains(logs.Lines, l => l.Contains(svixId, StringComparison.Ordinal)); // the delivery was logged: the check below looks at something
        var codeAlone = new Regex($"(?<![0-9A-Za-z]){code}(?![0-9A-Za-z])");
        Assert.DoesNotContain(logs.Lines, l => codeAlone.IsMatch(l));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("otp_code", StringComparison.Ordinal));
    }
}
