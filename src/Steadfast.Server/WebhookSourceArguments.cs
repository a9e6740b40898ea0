using Steadfast.Server.AspNetCore.Webhooks;

namespace Steadfast.Server;

/// <summary>
/// The webhook source flags of <c>dev</c> and <c>start</c>: <c>--webhook NAME=SECRET[,OLD_SECRET]</c> (repeatable; a
/// Clerk source at <c>POST /webhooks/NAME</c>) and <c>--webhooks FILE.json</c> (repeatable; any kind of source, see
/// <see cref="WebhookSourceFile"/>). Without flags, <c>STEADFAST_WEBHOOK</c> (one or more <c>NAME=SECRET</c>, separated by
/// spaces or semicolons) and <c>STEADFAST_WEBHOOKS</c> (a file) are read.
/// </summary>
internal static class WebhookSourceArguments
{
    public static IReadOnlyList<WebhookSourceOptions> Read(CommandLine cl)
    {
        var sources = new List<WebhookSourceOptions>();
        var shorthands = cl.GetAll("--webhook").Count > 0
            ? cl.GetAll("--webhook")
            : (Environment.GetEnvironmentVariable("STEADFAST_WEBHOOK") ?? "").Split([' ', ';', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var value in shorthands)
        {
            sources.Add(ParseShorthand(value));
        }

        var files = cl.GetAll("--webhooks").Count > 0
            ? cl.GetAll("--webhooks")
            : Environment.GetEnvironmentVariable("STEADFAST_WEBHOOKS") is { Length: > 0 } fromEnvironment ? [fromEnvironment] : [];
        foreach (var file in files)
        {
            try
            {
                sources.AddRange(WebhookSourceFile.Load(Path.GetFullPath(file, ServeCommand.CallerDirectory())));
            }
            catch (InvalidOperationException exception)
            {
                throw new ArgumentException($"--webhooks: {exception.Message}", exception);
            }
        }

        return sources;
    }

    private static WebhookSourceOptions ParseShorthand(string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == value.Length - 1)
        {
            throw new ArgumentException($"--webhook must be NAME=whsec_... (a Clerk source at /webhooks/NAME), got '{Redact(value)}'; use --webhooks FILE.json for other kinds of source");
        }

        return WebhookSourceOptions.Clerk(value[..eq], value[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>How the banner describes a source: <c>Svix-verified, clerk transform</c>.</summary>
    public static string Describe(WebhookSourceOptions source) =>
        $"{(source.Verification == WebhookVerification.Svix ? "Svix-verified" : "unverified")}, {source.Transform switch
        {
            null when source.TransformScript is not null => "javascript",
            null => "default",
            var t when t.EndsWith(".js", StringComparison.OrdinalIgnoreCase) => Path.GetFileName(t),
            var t => t,
        }} transform";

    // The value may be a secret with a missing name: never echo it.
    private static string Redact(string value) => value.Length <= 12 ? value : value[..8] + "…";
}
