using System.Text.RegularExpressions;
using Steadfast.Clerk.Svix;
using Steadfast.Clerk.Transforms;

namespace Steadfast.Server.AspNetCore.Webhooks;

/// <summary>
/// A validated webhook source: secrets parsed, transform file read and compiled, allow-list checked. Built once at
/// start-up by <see cref="BuildAll"/>, which reports every configuration problem at once.
/// </summary>
internal sealed partial record WebhookSourceDefinition(
    string Name,
    WebhookVerification Verification,
    IReadOnlyList<WebhookSecret> Secrets,
    TimeSpan Tolerance,
    int MaxBodyBytes,
    SourceTransformKind TransformKind,
    JavaScriptWebhookTransform? Script,
    string? TransformFile,
    EventNameFilter Filter,
    string? Key)
{
    public const int MaxBodyLimit = 64 * 1024 * 1024;

    public string Path => "/webhooks/" + Name;

    /// <summary>Validates and compiles every source; throws <see cref="InvalidOperationException"/> listing all problems.</summary>
    public static IReadOnlyList<WebhookSourceDefinition> BuildAll(SteadfastServerOptions server)
    {
        var errors = new List<string>();
        var definitions = new List<WebhookSourceDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < server.WebhookSources.Count; i++)
        {
            var source = server.WebhookSources[i];
            var label = source is null || string.IsNullOrEmpty(source.Name) ? $"webhook source #{i + 1}" : $"webhook source '{source.Name}'";
            if (source is null)
            {
                errors.Add($"{label} is null");
                continue;
            }

            var before = errors.Count;
            if (!NamePattern().IsMatch(source.Name ?? ""))
            {
                errors.Add($"{label}: the name must be 1-64 lower-case letters, digits, '-', '_' or '.', starting with a letter or digit (it is the URL /webhooks/<name>)");
            }
            else if (!names.Add(source.Name!))
            {
                errors.Add($"{label}: the name is used by another source; names must be unique");
            }

            var definition = Build(source, label, server, keys, errors);
            if (errors.Count == before && definition is not null)
            {
                definitions.Add(definition);
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Webhook sources are misconfigured:" + string.Concat(errors.Select(e => "\n  - " + e)));
        }

        return definitions;
    }

    private static WebhookSourceDefinition? Build(WebhookSourceOptions source, string label, SteadfastServerOptions server, HashSet<string> keys, List<string> errors)
    {
        var secrets = new List<WebhookSecret>();
        if (source.Verification == WebhookVerification.Svix)
        {
            if (source.SigningSecrets.Count == 0)
            {
                errors.Add($"{label}: Svix verification needs a signing secret (whsec_...); give one, or set the verification to none explicitly if the transform checks signatures itself");
            }

            for (var s = 0; s < source.SigningSecrets.Count; s++)
            {
                if (WebhookSecret.TryParse(source.SigningSecrets[s], out var secret, out var error))
                {
                    secrets.Add(secret);
                }
                else
                {
                    errors.Add($"{label}: signing secret #{s + 1} is unusable: {error}");
                }
            }
        }
        else if (source.Verification == WebhookVerification.None)
        {
            if (source.SigningSecrets.Count > 0)
            {
                errors.Add($"{label}: signing secrets are given but the verification is none; remove them or use Svix verification");
            }
        }
        else
        {
            errors.Add($"{label}: unknown verification {source.Verification}");
        }

        if (source.MaxBodyBytes is < 1 or > MaxBodyLimit)
        {
            errors.Add($"{label}: the body limit must be between 1 and {MaxBodyLimit} bytes, got {source.MaxBodyBytes}");
        }

        if (source.Tolerance < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{label}: the timestamp tolerance must be at least one second, got {source.Tolerance}");
        }

        foreach (var pattern in source.AllowedEvents)
        {
            if (EventNameFilter.Check(pattern) is { } problem)
            {
                errors.Add($"{label}: {problem}");
            }
        }

        if (source.Key is not null)
        {
            if (source.Key.Length == 0 || source.Key.Length > 256 || source.Key.Any(c => c is '/' or '?' or '#' || char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                errors.Add($"{label}: the key must be 1-256 characters without '/', '?', '#' or spaces");
            }
            else if (!keys.Add(source.Key))
            {
                errors.Add($"{label}: the key is used by another source");
            }
            else if (server.EventKeys.Contains(source.Key))
            {
                errors.Add($"{label}: the key is also an event key; /e/<key> would be ambiguous");
            }
        }

        var (kind, script, file) = BuildTransform(source, label, errors);
        return new WebhookSourceDefinition(
            source.Name!, source.Verification, secrets, source.Tolerance, source.MaxBodyBytes, kind, script, file,
            new EventNameFilter(source.AllowedEvents), source.Key);
    }

    private static (SourceTransformKind Kind, JavaScriptWebhookTransform? Script, string? File) BuildTransform(WebhookSourceOptions source, string label, List<string> errors)
    {
        var transform = source.Transform;
        if (source.TransformScript is { } inline)
        {
            if (transform is not null)
            {
                errors.Add($"{label}: give the transform either as a file ({transform}) or as script text, not both");
                return default;
            }

            return (SourceTransformKind.JavaScript, Compile(inline, source, label, "the transform script", errors), null);
        }

        switch (transform)
        {
            case null or "" or WebhookSourceOptions.DefaultTransform:
                return (SourceTransformKind.Default, null, null);
            case WebhookSourceOptions.ClerkTransform:
                return (SourceTransformKind.Clerk, null, null);
        }

        if (!transform.EndsWith(".js", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{label}: the transform '{transform}' is neither a built-in (clerk, default) nor a JavaScript file (*.js)");
            return default;
        }

        var path = System.IO.Path.GetFullPath(transform);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{label}: the transform file {path} cannot be read: {exception.Message}");
            return default;
        }

        return (SourceTransformKind.JavaScript, Compile(text, source, label, $"the transform file {path}", errors), System.IO.Path.GetFileName(path));
    }

    private static JavaScriptWebhookTransform? Compile(string script, WebhookSourceOptions source, string label, string what, List<string> errors)
    {
        try
        {
            return new JavaScriptWebhookTransform(script, new JavaScriptTransformOptions { Timeout = source.TransformTimeout, MemoryLimitBytes = source.TransformMemoryLimitBytes });
        }
        catch (WebhookTransformException exception)
        {
            errors.Add($"{label}: {what} is not a usable transform: {exception.Message}");
        }
        catch (ArgumentOutOfRangeException exception)
        {
            errors.Add($"{label}: the transform limits are out of range: {exception.Message}");
        }

        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
