using System.Text.Json;

namespace Steadfast.Expressions.Runtime;

/// <summary><c>has(x.f)</c>: true when map <c>x</c> has key <c>f</c>; an error when <c>x</c> itself is missing or not a map.</summary>
internal sealed class HasNode(Node operand, string field) : Node
{
    public override CelValue Evaluate(in Activation activation)
    {
        var target = operand.Evaluate(activation);
        if (target.IsError)
        {
            return target;
        }

        if (target.Kind != CelValueKind.Map)
        {
            return CelValue.FromError($"invalid type for has(): {target.TypeName} has no fields");
        }

        if (target.IsJson)
        {
            return CelValue.FromBool(target.Json.ValueKind == JsonValueKind.Object && target.Json.TryGetProperty(field, out _));
        }

        return CelValue.FromBool(target.AsMap().TryGetValue(CelValue.FromString(field), out _));
    }
}
