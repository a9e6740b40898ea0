using Steadfast.Expressions.Compilation;
using Steadfast.Expressions.Runtime;

namespace Steadfast.Expressions;

/// <summary>
/// A compiled expression. Immutable and safe to evaluate from many threads at once; obtain one
/// from <see cref="ExpressionCompiler.Compile"/>.
/// </summary>
public sealed class CompiledExpression
{
    private readonly BoundExpression _bound;

    internal CompiledExpression(string source, BoundExpression bound)
    {
        Source = source;
        _bound = bound;
    }

    /// <summary>The expression source text.</summary>
    public string Source { get; }

    /// <summary>The variables the expression reads (<c>event</c>, <c>async</c>, others), not counting macro variables.</summary>
    public IReadOnlySet<string> Variables => _bound.FreeVariables;

    internal Node Root => _bound.Root;

    /// <summary>
    /// Evaluates the expression. Runtime problems (a missing key, a type mismatch, overflow, a
    /// regex timeout, a limit) come back as a value with <see cref="CelValue.IsError"/> set; this
    /// method does not throw for them.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    public CelValue Evaluate(ExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var frame = _bound.LocalSlots > 0 ? new Frame(_bound.LocalSlots) : null;
        return Root.Evaluate(new Activation(context, frame));
    }

    /// <summary>Evaluates a condition: the bool result, or null when the result is an error or not a bool.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    public bool? EvaluateBool(ExpressionContext context)
    {
        var result = Evaluate(context);
        return result.Kind == CelValueKind.Bool ? result.AsBool() : null;
    }

    /// <inheritdoc/>
    public override string ToString() => Source;
}
