namespace Steadfast.Sdk;

/// <summary>Configures a class-based function (<see cref="SteadfastFunction{TData}"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SteadfastFunctionAttribute : Attribute
{
    /// <summary>Declares the function id and its event triggers.</summary>
    public SteadfastFunctionAttribute(string id, params string[] events)
    {
        Id = id;
        Events = events;
    }

    /// <summary>The function id.</summary>
    public string Id { get; }

    /// <summary>Event names that trigger the function.</summary>
    public IReadOnlyList<string> Events { get; }

    /// <summary>Display name.</summary>
    public string? Name { get; set; }

    /// <summary>Retries (default 4).</summary>
    public int Retries { get; set; } = 4;

    /// <summary>Optional cron schedule.</summary>
    public string? Cron { get; set; }
}
