using Steadfast.Clerk.Svix;

namespace ClerkUserSync.Hosting;

/// <summary>
/// A development signing secret kept in the data directory (<c>clerk-webhook-secret.txt</c>, owner-only), generated on
/// first use, for running without <c>CLERK_WEBHOOK_SIGNING_SECRET</c>. Never used when the variable is set.
/// </summary>
public static class DevSecret
{
    public const string FileName = "clerk-webhook-secret.txt";

    public static string LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(dataDirectory);
        var secret = WebhookSecret.Generate().Reveal();
        File.WriteAllText(path, secret + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secret;
    }
}
