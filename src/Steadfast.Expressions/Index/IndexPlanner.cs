using System.Text.Json;
using Steadfast.Expressions.Runtime;

namespace Steadfast.Expressions.Index;

/// <summary>
/// Finds the equality an entry can be filed under: a top-level conjunct
/// <c>async.path == X</c> (either side) where X is a literal or an <c>event.*</c> path, which is
/// resolved against the bound event, the way Inngest pre-interpolates <c>event.*</c> before
/// storing a pause. The literal must be a string, bool or integral number (1, 1u and 1.0 are one key).
/// </summary>
internal static class IndexPlanner
{
    public static bool TryPlan(CompiledExpression expression, JsonElement? boundEvent, out string[] segments, out MapKey key)
    {
        var context = new ExpressionContext(boundEvent);
        foreach (var conjunct in Conjuncts(expression.Root))
        {
            if (conjunct is EqualsNode { Negated: false } equals &&
                (TryMatch(equals.Left, equals.Right, context, out segments, out key) || TryMatch(equals.Right, equals.Left, context, out segments, out key)))
            {
                return true;
            }
        }

        segments = [];
        key = default;
        return false;
    }

    private static bool TryMatch(Node asyncSide, Node valueSide, ExpressionContext context, out string[] segments, out MapKey key)
    {
        segments = [];
        key = default;
        if (asyncSide is not JsonPathNode { Root: JsonRoot.Async, Segments.Length: > 0 } path)
        {
            return false;
        }

        CelValue value;
        if (valueSide is ConstantNode constant)
        {
            value = constant.Value;
        }
        else if (valueSide is JsonPathNode { Root: JsonRoot.Event } eventPath)
        {
            value = eventPath.Evaluate(new Activation(context, null));
        }
        else
        {
            return false;
        }

        segments = path.Segments;
        return MapKey.TryCreate(value, out key);
    }

    private static IEnumerable<Node> Conjuncts(Node node)
    {
        var pending = new Stack<Node>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current is AndNode and)
            {
                pending.Push(and.Right);
                pending.Push(and.Left);
            }
            else
            {
                yield return current;
            }
        }
    }
}
