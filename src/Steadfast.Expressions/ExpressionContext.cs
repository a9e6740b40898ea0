using System.Text.Json;

namespace Steadfast.Expressions;

/// <summary>
/// The variables an expression is evaluated with: <c>event</c> and <c>async</c> as JSON, plus any
/// other named values. Not thread-safe to mutate; safe to share for concurrent evaluations once built.
/// </summary>
public sealed class ExpressionContext
{
    private Dictionary<string, CelValue>? _variables;

    /// <summary>Creates an empty context (no <c>event</c>, no <c>async</c>).</summary>
    public ExpressionContext()
    {
    }

    /// <summary>Creates a context with the given <c>event</c> and, optionally, <c>async</c> values.</summary>
    /// <param name="event">The triggering event (for <c>waitForEvent</c>/<c>cancelOn</c>, the run's first event).</param>
    /// <param name="async">The incoming event a pause is matched against.</param>
    public ExpressionContext(JsonElement? @event, JsonElement? async = null)
    {
        Event = @event;
        Async = async;
    }

    /// <summary>The <c>event</c> variable; null when the expression may not use it (using it is then an error value).</summary>
    public JsonElement? Event { get; set; }

    /// <summary>The <c>async</c> variable; null when absent.</summary>
    public JsonElement? Async { get; set; }

    /// <summary>Binds another variable (e.g. <c>events</c> for a batch); returns this context for chaining.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is <c>event</c> or <c>async</c> (use the properties) or empty.</exception>
    public ExpressionContext Set(string name, CelValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name is "event" or "async")
        {
            throw new ArgumentException($"Set the '{name}' variable through the {(name == "event" ? nameof(Event) : nameof(Async))} property.", nameof(name));
        }

        (_variables ??= new Dictionary<string, CelValue>(StringComparer.Ordinal))[name] = value;
        return this;
    }

    /// <summary>Looks up a variable bound with <see cref="Set"/>.</summary>
    public bool TryGetVariable(string name, out CelValue value)
    {
        if (_variables is not null && _variables.TryGetValue(name, out value))
        {
            return true;
        }

        value = default;
        return false;
    }
}
