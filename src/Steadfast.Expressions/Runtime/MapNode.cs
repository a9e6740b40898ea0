namespace Steadfast.Expressions.Runtime;

internal sealed class MapNode(Node[] keys, Node[] values) : Node
{
    public override CelValue Evaluate(in Activation activation)
    {
        var map = new ValueMap(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i].Evaluate(activation);
            if (key.IsError)
            {
                return key;
            }

            var value = values[i].Evaluate(activation);
            if (value.IsError)
            {
                return value;
            }

            if (!MapKey.IsValidLiteralKey(key) || !MapKey.TryCreate(key, out var mapKey))
            {
                return CelValue.FromError($"unsupported key type: {key.TypeName}");
            }

            if (!map.TryAdd(mapKey, key, value))
            {
                return CelValue.FromError($"Failed with repeated key: {CelFormatter.Format(key)}");
            }
        }

        return CelValue.FromMap(map);
    }
}
