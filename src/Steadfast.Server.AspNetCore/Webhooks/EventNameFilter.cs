namespace Steadfast.Server.AspNetCore.Webhooks;

/// <summary>A source's allow-list of event names: exact names, or prefixes written with a trailing <c>*</c>. Empty allows every name.</summary>
internal sealed class EventNameFilter
{
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];

    public EventNameFilter(IEnumerable<string> patterns)
    {
        foreach (var pattern in patterns)
        {
            Patterns.Add(pattern);
            if (pattern.EndsWith('*'))
            {
                _prefixes.Add(pattern[..^1]);
            }
            else
            {
                _exact.Add(pattern);
            }
        }
    }

    public List<string> Patterns { get; } = [];

    public bool AllowsAll => Patterns.Count == 0;

    /// <summary>Null when the pattern is usable; otherwise why not.</summary>
    public static string? Check(string? pattern) =>
        string.IsNullOrWhiteSpace(pattern) ? "an allowed event name is empty"
        : pattern.IndexOf('*', StringComparison.Ordinal) is var star && star >= 0 && star != pattern.Length - 1 ? $"allowed event '{pattern}': '*' may only end a pattern"
        : null;

    public bool Allows(string name)
    {
        if (AllowsAll || _exact.Contains(name))
        {
            return true;
        }

        foreach (var prefix in _prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
