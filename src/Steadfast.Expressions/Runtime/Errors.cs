namespace Steadfast.Expressions.Runtime;

/// <summary>The error values the runtime produces, worded like cel-go's where one exists.</summary>
internal static class Errors
{
    public static CelValue NoSuchKey(string key) => CelValue.FromError($"no such key: {key}");

    public static CelValue NoSuchKey(CelValue key) => CelValue.FromError($"no such key: {CelFormatter.Format(key)}");

    public static CelValue NoSuchOverload(string function, CelValue operand) =>
        CelValue.FromError($"no such overload: {function}({operand.TypeName})");

    public static CelValue NoSuchOverload(string function, CelValue left, CelValue right) =>
        CelValue.FromError($"no such overload: {function}({left.TypeName}, {right.TypeName})");

    public static CelValue Overflow(string operation) => CelValue.FromError($"{operation} overflow");

    public static CelValue NoSuchAttribute(string name) => CelValue.FromError($"no such attribute: {name}");

    public static CelValue IndexOutOfRange(long index, int count) =>
        CelValue.FromError($"index out of range: {index} (size {count})");

    public static CelValue LimitExceeded(string what) => CelValue.FromError($"evaluation limit exceeded: {what}");
}
