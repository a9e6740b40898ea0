using Steadfast.Expressions.Runtime;

namespace Steadfast.Expressions.Compilation;

/// <summary>The evaluator tree of an expression and what it needs at run time.</summary>
internal sealed record BoundExpression(Node Root, int LocalSlots, IReadOnlySet<string> FreeVariables);
