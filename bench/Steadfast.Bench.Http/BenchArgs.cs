using System.Globalization;

namespace Steadfast.Bench.Http;

/// <summary>The verb and its <c>--name value</c> options.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public string Verb { get; private init; } = "";

    public static BenchArgs Parse(string[] args)
    {
        var parsed = new BenchArgs { Verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "" };
        for (var i = parsed.Verb.Length > 0 ? 1 : 0; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{a}' (see --help)");
            }

            if (a is "--help")
            {
                parsed._options[a] = "true";
            }
            else if (i + 1 < args.Length)
            {
                parsed._options[a] = args[++i];
            }
            else
            {
                throw new ArgumentException($"option {a} needs a value");
            }
        }

        return parsed;
    }

    public bool Help => _options.ContainsKey("--help");

    public string Str(string name, string fallback)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var v) ? v : fallback;
    }

    public int Int(string name, int fallback) => int.Parse(Str(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public double Double(string name, double fallback) => double.Parse(Str(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>Fails on options no benchmark asked for (typos).</summary>
    public void EnsureAllUsed()
    {
        foreach (var name in _options.Keys)
        {
            if (name != "--help" && !_used.Contains(name))
            {
                throw new ArgumentException($"unknown option {name} for '{Verb}' (see --help)");
            }
        }
    }
}
