namespace Steadfast.Expressions.Runtime;

/// <summary>
/// CEL arithmetic. Operands must have the same type (no implicit int/double promotion);
/// int and uint overflow, division and modulus by zero are errors; doubles follow IEEE-754.
/// </summary>
internal static class CelArithmetic
{
    public static CelValue Add(CelValue a, CelValue b)
    {
        if (a.IsError)
        {
            return a;
        }

        if (b.IsError)
        {
            return b;
        }

        if (a.Kind != b.Kind)
        {
            return Errors.NoSuchOverload("_+_", a, b);
        }

        try
        {
            switch (a.Kind)
            {
                case CelValueKind.Int:
                    return CelValue.FromInt64(checked(a.Bits + b.Bits));
                case CelValueKind.Uint:
                    return CelValue.FromUInt64(checked(unchecked((ulong)a.Bits) + unchecked((ulong)b.Bits)));
                case CelValueKind.Double:
                    return CelValue.FromDouble(a.DoubleBits + b.DoubleBits);
                case CelValueKind.String:
                    return Concat(a.AsString(), b.AsString());
                case CelValueKind.Bytes:
                    return ConcatBytes(a.AsBytes().Span, b.AsBytes().Span);
                case CelValueKind.List:
                    return ConcatLists(a.AsList(), b.AsList());
                case CelValueKind.Duration:
                    return CelTime.Duration(checked(a.Bits + b.Bits));
                default:
                    return Errors.NoSuchOverload("_+_", a, b);
            }
        }
        catch (OverflowException)
        {
            return Errors.Overflow("addition");
        }
    }

    public static CelValue AddMixed(CelValue a, CelValue b)
    {
        // timestamp + duration and duration + timestamp are the only mixed-type additions.
        try
        {
            if (a.Kind == CelValueKind.Timestamp && b.Kind == CelValueKind.Duration)
            {
                return CelTime.Timestamp(checked(a.Bits + b.Bits));
            }

            if (a.Kind == CelValueKind.Duration && b.Kind == CelValueKind.Timestamp)
            {
                return CelTime.Timestamp(checked(a.Bits + b.Bits));
            }
        }
        catch (OverflowException)
        {
            return Errors.Overflow("timestamp");
        }

        return Add(a, b);
    }

    public static CelValue Subtract(CelValue a, CelValue b)
    {
        if (a.IsError)
        {
            return a;
        }

        if (b.IsError)
        {
            return b;
        }

        try
        {
            switch (a.Kind, b.Kind)
            {
                case (CelValueKind.Int, CelValueKind.Int):
                    return CelValue.FromInt64(checked(a.Bits - b.Bits));
                case (CelValueKind.Uint, CelValueKind.Uint):
                    return CelValue.FromUInt64(checked(unchecked((ulong)a.Bits) - unchecked((ulong)b.Bits)));
                case (CelValueKind.Double, CelValueKind.Double):
                    return CelValue.FromDouble(a.DoubleBits - b.DoubleBits);
                case (CelValueKind.Duration, CelValueKind.Duration):
                    return CelTime.Duration(checked(a.Bits - b.Bits));
                case (CelValueKind.Timestamp, CelValueKind.Timestamp):
                    return CelTime.Duration(checked(a.Bits - b.Bits));
                case (CelValueKind.Timestamp, CelValueKind.Duration):
                    return CelTime.Timestamp(checked(a.Bits - b.Bits));
                default:
                    return Errors.NoSuchOverload("_-_", a, b);
            }
        }
        catch (OverflowException)
        {
            return Errors.Overflow("subtraction");
        }
    }

    public static CelValue Multiply(CelValue a, CelValue b)
    {
        if (a.IsError)
        {
            return a;
        }

        if (b.IsError)
        {
            return b;
        }

        try
        {
            switch (a.Kind, b.Kind)
            {
                case (CelValueKind.Int, CelValueKind.Int):
                    return CelValue.FromInt64(checked(a.Bits * b.Bits));
                case (CelValueKind.Uint, CelValueKind.Uint):
                    return CelValue.FromUInt64(checked(unchecked((ulong)a.Bits) * unchecked((ulong)b.Bits)));
                case (CelValueKind.Double, CelValueKind.Double):
                    return CelValue.FromDouble(a.DoubleBits * b.DoubleBits);
                default:
                    return Errors.NoSuchOverload("_*_", a, b);
            }
        }
        catch (OverflowException)
        {
            return Errors.Overflow("multiplication");
        }
    }

    public static CelValue Divide(CelValue a, CelValue b)
    {
        if (a.IsError)
        {
            return a;
        }

        if (b.IsError)
        {
            return b;
        }

        switch (a.Kind, b.Kind)
        {
            case (CelValueKind.Int, CelValueKind.Int):
                if (b.Bits == 0)
                {
                    return CelValue.FromError("division by zero");
                }

                return a.Bits == long.MinValue && b.Bits == -1 ? Errors.Overflow("division") : CelValue.FromInt64(a.Bits / b.Bits);
            case (CelValueKind.Uint, CelValueKind.Uint):
                return b.Bits == 0
                    ? CelValue.FromError("division by zero")
                    : CelValue.FromUInt64(unchecked((ulong)a.Bits) / unchecked((ulong)b.Bits));
            case (CelValueKind.Double, CelValueKind.Double):
                return CelValue.FromDouble(a.DoubleBits / b.DoubleBits);
            default:
                return Errors.NoSuchOverload("_/_", a, b);
        }
    }

    public static CelValue Modulo(CelValue a, CelValue b)
    {
        if (a.IsError)
        {
            return a;
        }

        if (b.IsError)
        {
            return b;
        }

        switch (a.Kind, b.Kind)
        {
            case (CelValueKind.Int, CelValueKind.Int):
                if (b.Bits == 0)
                {
                    return CelValue.FromError("modulus by zero");
                }

                return a.Bits == long.MinValue && b.Bits == -1 ? Errors.Overflow("modulus") : CelValue.FromInt64(a.Bits % b.Bits);
            case (CelValueKind.Uint, CelValueKind.Uint):
                return b.Bits == 0
                    ? CelValue.FromError("modulus by zero")
                    : CelValue.FromUInt64(unchecked((ulong)a.Bits) % unchecked((ulong)b.Bits));
            default:
                return Errors.NoSuchOverload("_%_", a, b);
        }
    }

    public static CelValue Negate(CelValue a)
    {
        switch (a.Kind)
        {
            case CelValueKind.Error:
                return a;
            case CelValueKind.Int:
                return a.Bits == long.MinValue ? Errors.Overflow("negation") : CelValue.FromInt64(-a.Bits);
            case CelValueKind.Double:
                return CelValue.FromDouble(-a.DoubleBits);
            case CelValueKind.Duration:
                return CelTime.Duration(-a.Bits);
            default:
                return Errors.NoSuchOverload("-_", a);
        }
    }

    private static CelValue Concat(string a, string b) =>
        (long)a.Length + b.Length > ExpressionLimits.MaxStringLength
            ? Errors.LimitExceeded($"string longer than {ExpressionLimits.MaxStringLength} characters")
            : CelValue.FromString(string.Concat(a, b));

    private static CelValue ConcatBytes(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if ((long)a.Length + b.Length > ExpressionLimits.MaxStringLength)
        {
            return Errors.LimitExceeded($"bytes longer than {ExpressionLimits.MaxStringLength}");
        }

        var result = new byte[a.Length + b.Length];
        a.CopyTo(result);
        b.CopyTo(result.AsSpan(a.Length));
        return CelValue.FromBytesUnsafe(result);
    }

    private static CelValue ConcatLists(CelList a, CelList b)
    {
        if ((long)a.Count + b.Count > ExpressionLimits.MaxListLength)
        {
            return Errors.LimitExceeded($"list longer than {ExpressionLimits.MaxListLength} elements");
        }

        var items = new CelValue[a.Count + b.Count];
        for (var i = 0; i < a.Count; i++)
        {
            items[i] = a[i];
        }

        for (var i = 0; i < b.Count; i++)
        {
            items[a.Count + i] = b[i];
        }

        return CelValue.FromList(new ValueList(items));
    }
}
