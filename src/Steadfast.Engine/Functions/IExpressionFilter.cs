using System.Text.Json;

namespace Steadfast.Engine.Functions;

/// <summary>Evaluates CEL trigger filters. Implemented over Steadfast.Expressions by the host.</summary>
public interface IExpressionFilter
{
    /// <summary>Returns null when <paramref name="expression"/> is valid, else the error with its position.</summary>
    string? Validate(string expression);

    /// <summary>True when the expression is true for <paramref name="event"/>; errors count as false.</summary>
    bool Matches(string expression, JsonElement @event);
}
