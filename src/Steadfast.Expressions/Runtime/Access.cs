namespace Steadfast.Expressions.Runtime;

/// <summary>Field selection, indexing, membership and size over lists and maps.</summary>
internal static class Access
{
    public static CelValue Select(CelValue operand, string field)
    {
        if (operand.IsError)
        {
            return operand;
        }

        if (operand.Kind != CelValueKind.Map)
        {
            return CelValue.FromError($"type '{operand.TypeName}' does not support field selection (.{field})");
        }

        if (operand.IsJson)
        {
            return operand.Json.TryGetProperty(field, out var element) ? CelValue.FromJson(element) : Errors.NoSuchKey(field);
        }

        return operand.AsMap().TryGetValue(CelValue.FromString(field), out var value) ? value : Errors.NoSuchKey(field);
    }

    public static CelValue Index(CelValue operand, CelValue index)
    {
        if (operand.IsError)
        {
            return operand;
        }

        if (index.IsError)
        {
            return index;
        }

        switch (operand.Kind)
        {
            case CelValueKind.List:
                var list = operand.AsList();
                if (!TryGetPosition(index, out var position))
                {
                    return Errors.NoSuchOverload("_[_]", operand, index);
                }

                return position < 0 || position >= list.Count ? Errors.IndexOutOfRange(position, list.Count) : list[(int)position];
            case CelValueKind.Map:
                if (operand.IsJson)
                {
                    return index.Kind == CelValueKind.String && operand.Json.TryGetProperty(index.AsString(), out var element)
                        ? CelValue.FromJson(element)
                        : Errors.NoSuchKey(index);
                }

                return operand.AsMap().TryGetValue(index, out var value) ? value : Errors.NoSuchKey(index);
            default:
                return Errors.NoSuchOverload("_[_]", operand, index);
        }
    }

    /// <summary><c>item in container</c>: list membership by CEL equality, or map key presence.</summary>
    public static CelValue In(CelValue item, CelValue container)
    {
        switch (container.Kind)
        {
            case CelValueKind.List:
                var list = container.AsList();
                for (var i = 0; i < list.Count; i++)
                {
                    if (CelEquality.AreEqual(item, list[i]))
                    {
                        return CelValue.True;
                    }
                }

                return CelValue.False;
            case CelValueKind.Map:
                if (container.IsJson)
                {
                    return CelValue.FromBool(item.Kind == CelValueKind.String && container.Json.TryGetProperty(item.AsString(), out _));
                }

                return CelValue.FromBool(container.AsMap().TryGetValue(item, out _));
            default:
                return Errors.NoSuchOverload("@in", item, container);
        }
    }

    public static CelValue Size(CelValue value)
    {
        switch (value.Kind)
        {
            case CelValueKind.String:
                var s = value.AsString();
                var count = 0;
                for (var i = 0; i < s.Length; i++)
                {
                    if (!char.IsLowSurrogate(s[i]))
                    {
                        count++;
                    }
                }

                return CelValue.FromInt64(count);
            case CelValueKind.Bytes:
                return CelValue.FromInt64(value.AsBytes().Length);
            case CelValueKind.List:
                return CelValue.FromInt64(value.IsJson ? value.Json.GetArrayLength() : value.AsList().Count);
            case CelValueKind.Map:
                return CelValue.FromInt64(value.AsMap().Count);
            default:
                return Errors.NoSuchOverload("size", value);
        }
    }

    private static bool TryGetPosition(CelValue index, out long position)
    {
        switch (index.Kind)
        {
            case CelValueKind.Int:
                position = index.Bits;
                return true;
            case CelValueKind.Uint:
                position = index.Bits < 0 ? long.MaxValue : index.Bits;
                return true;
            case CelValueKind.Double when Math.Truncate(index.DoubleBits) == index.DoubleBits && Math.Abs(index.DoubleBits) < 9.2e18:
                position = (long)index.DoubleBits;
                return true;
            default:
                position = 0;
                return false;
        }
    }
}
