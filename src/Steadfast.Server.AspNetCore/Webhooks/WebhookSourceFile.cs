using System.Globalization;
using System.Text.Json;

namespace Steadfast.Server.AspNetCore.Webhooks;

/// <summary>
/// Reads webhook sources from a JSON file (<c>--webhooks FILE.json</c>):
/// <code>
/// { "sources": [
///   { "name": "clerk", "secret_env": "CLERK_WEBHOOK_SIGNING_SECRET", "transform": "clerk" },
///   { "name": "stripe", "verification": "none", "transform": "transforms/stripe.js", "allowed_events": ["stripe/*"] }
/// ] }
/// </code>
/// Per source: <c>name</c> (required); <c>verification</c> <c>svix</c> (default) or <c>none</c>; the secrets as
/// <c>secret</c>, <c>secrets</c> (an array, new first, during a rotation) or <c>secret_env</c> (an environment variable
/// holding one or more, separated by spaces or commas); <c>transform</c> (<c>clerk</c>, <c>default</c> or a <c>.js</c>
/// path relative to the file); <c>max_body_bytes</c>; <c>tolerance_seconds</c>; <c>allowed_events</c>; <c>key</c>;
/// <c>transform_timeout_ms</c>; <c>transform_memory_bytes</c>. Comments and trailing commas are allowed; unknown
/// properties are errors (a misspelt <c>secrets</c> must not silently leave a source unverified).
/// </summary>
public static class WebhookSourceFile
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 };

    private static readonly HashSet<string> Known =
    [
        "name", "verification", "secret", "secrets", "secret_env", "transform", "max_body_bytes", "tolerance_seconds",
        "allowed_events", "key", "transform_timeout_ms", "transform_memory_bytes",
    ];

    /// <summary>Reads a sources file. Values are checked for type here; everything else when the server validates its options.</summary>
    /// <param name="path">The file.</param>
    /// <param name="environment">Reads <c>secret_env</c> variables; <see cref="Environment.GetEnvironmentVariable(string)"/> when null.</param>
    /// <returns>The sources, in file order.</returns>
    /// <exception cref="InvalidOperationException">The file is missing, not JSON, or a value has the wrong type; the message names the file and the source.</exception>
    public static IReadOnlyList<WebhookSourceOptions> Load(string path, Func<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        environment ??= Environment.GetEnvironmentVariable;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(full);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"webhooks file {full}: cannot be read: {exception.Message}", exception);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, Options);
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"webhooks file {full}: not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("sources", out var sources) || sources.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidOperationException($"webhooks file {full}: expected an object with a \"sources\" array");
            }

            var directory = Path.GetDirectoryName(full)!;
            var result = new List<WebhookSourceOptions>();
            var index = 0;
            foreach (var element in sources.EnumerateArray())
            {
                index++;
                var where = $"webhooks file {full}, source #{index}";
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidOperationException($"{where}: expected an object");
                }

                if (element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                {
                    where = $"webhooks file {full}, source '{n.GetString()}'";
                }

                result.Add(ReadSource(element, where, directory, environment));
            }

            return result;
        }
    }

    private static WebhookSourceOptions ReadSource(JsonElement e, string where, string directory, Func<string, string?> environment)
    {
        foreach (var property in e.EnumerateObject())
        {
            if (!Known.Contains(property.Name))
            {
                throw new InvalidOperationException($"{where}: unknown property \"{property.Name}\" (known: {string.Join(", ", Known)})");
            }
        }

        var source = new WebhookSourceOptions { Name = String(e, "name", where) ?? throw new InvalidOperationException($"{where}: \"name\" is required") };
        source.Verification = String(e, "verification", where) switch
        {
            null or "svix" => WebhookVerification.Svix,
            "none" => WebhookVerification.None,
            var other => throw new InvalidOperationException($"{where}: \"verification\" must be \"svix\" or \"none\", got \"{other}\""),
        };
        if (String(e, "secret", where) is { } secret)
        {
            source.SigningSecrets.Add(secret);
        }

        foreach (var s in Strings(e, "secrets", where))
        {
            source.SigningSecrets.Add(s);
        }

        if (String(e, "secret_env", where) is { } variable)
        {
            var value = environment(variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException($"{where}: the environment variable {variable} (secret_env) is not set");
            }

            foreach (var s in value.Split([' ', ',', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
            {
                source.SigningSecrets.Add(s);
            }
        }

        source.Transform = String(e, "transform", where) is { } transform && transform.EndsWith(".js", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFullPath(transform, directory)
            : String(e, "transform", where);
        source.MaxBodyBytes = (int)(Number(e, "max_body_bytes", where, int.MaxValue) ?? source.MaxBodyBytes);
        if (Number(e, "tolerance_seconds", where, 86_400 * 365) is { } tolerance)
        {
            source.Tolerance = TimeSpan.FromSeconds(tolerance);
        }

        foreach (var pattern in Strings(e, "allowed_events", where))
        {
            source.AllowedEvents.Add(pattern);
        }

        source.Key = String(e, "key", where);
        if (Number(e, "transform_timeout_ms", where, 600_000) is { } timeout)
        {
            source.TransformTimeout = TimeSpan.FromMilliseconds(timeout);
        }

        source.TransformMemoryLimitBytes = Number(e, "transform_memory_bytes", where, long.MaxValue) ?? source.TransformMemoryLimitBytes;
        return source;
    }

    private static string? String(JsonElement e, string name, string where) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw new InvalidOperationException($"{where}: \"{name}\" must be a string");

    private static IEnumerable<string> Strings(JsonElement e, string name, string where)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
        {
            throw new InvalidOperationException($"{where}: \"{name}\" must be an array of strings");
        }

        return [.. v.EnumerateArray().Select(x => x.GetString()!)];
    }

    private static long? Number(JsonElement e, string name, string where, long max) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n > 0 && n <= max ? n
        : throw new InvalidOperationException($"{where}: \"{name}\" must be a whole number from 1 to {max.ToString(CultureInfo.InvariantCulture)}");
}
