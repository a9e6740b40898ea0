using System.Globalization;

namespace Steadfast.Server;

/// <summary>Parsed command line: a verb, options (repeatable) and positional arguments.</summary>
internal sealed class CommandLine
{
    private static readonly HashSet<string> Flags = ["--no-discovery", "--help", "-h", "--no-poll"];
    private static readonly Dictionary<string, string> Aliases = new() { ["-u"] = "--sdk-url", ["-p"] = "--port" };

    public string Verb { get; private init; } = "";

    public Dictionary<string, List<string>> Options { get; } = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    public static CommandLine Parse(string[] args)
    {
        var cl = new CommandLine { Verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "" };
        for (var i = cl.Verb.Length > 0 ? 1 : 0; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith('-') || a == "-")
            {
                cl.Positional.Add(a);
                continue;
            }

            string name = a, value;
            var eq = a.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                name = a[..eq];
                value = a[(eq + 1)..];
            }
            else if (Flags.Contains(a))
            {
                value = "true";
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }
            else
            {
                throw new ArgumentException($"option {a} needs a value");
            }

            name = Aliases.GetValueOrDefault(name, name);
            if (!cl.Options.TryGetValue(name, out var list))
            {
                cl.Options[name] = list = [];
            }

            list.Add(value);
        }

        return cl;
    }

    public bool Has(string name) => Options.ContainsKey(name);

    public string? Get(string name, string? env = null) =>
        Options.TryGetValue(name, out var v) ? v[^1] : env is null ? null : Environment.GetEnvironmentVariable(env) is { Length: > 0 } e ? e : null;

    public IReadOnlyList<string> GetAll(string name) => Options.TryGetValue(name, out var v) ? v : [];

    public int GetInt(string name, string? env, int fallback)
    {
        var s = Get(name, env);
        if (s is null)
        {
            return fallback;
        }

        return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{name} must be a whole number, got '{s}'");
    }

    public void EnsureOnly(params string[] known)
    {
        foreach (var name in Options.Keys)
        {
            if (!known.Contains(name))
            {
                throw new ArgumentException($"unknown option {name} for '{Verb}' (see --help)");
            }
        }
    }
}
