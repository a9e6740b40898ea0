namespace Steadfast.Expressions.Runtime;

/// <summary>A CEL type value (the result of <c>type(x)</c>); one shared instance per type.</summary>
internal sealed class CelType
{
    public static readonly CelType Null = new("null_type");
    public static readonly CelType Bool = new("bool");
    public static readonly CelType Int = new("int");
    public static readonly CelType Uint = new("uint");
    public static readonly CelType Double = new("double");
    public static readonly CelType String = new("string");
    public static readonly CelType Bytes = new("bytes");
    public static readonly CelType List = new("list");
    public static readonly CelType Map = new("map");
    public static readonly CelType Type = new("type");
    public static readonly CelType Duration = new("google.protobuf.Duration");
    public static readonly CelType Timestamp = new("google.protobuf.Timestamp");
    public static readonly CelType Error = new("error");

    private static readonly Dictionary<string, CelType> s_byIdentifier = new()
    {
        ["null_type"] = Null,
        ["bool"] = Bool,
        ["int"] = Int,
        ["uint"] = Uint,
        ["double"] = Double,
        ["string"] = String,
        ["bytes"] = Bytes,
        ["list"] = List,
        ["map"] = Map,
        ["type"] = Type,
        ["google.protobuf.Duration"] = Duration,
        ["google.protobuf.Timestamp"] = Timestamp,
    };

    private CelType(string name) => Name = name;

    public string Name { get; }

    /// <summary>Resolves a type name used as an identifier (<c>int</c>, <c>string</c>, ...).</summary>
    public static bool TryResolve(string identifier, out CelType type) => s_byIdentifier.TryGetValue(identifier, out type!);

    public static CelType Of(CelValue value) => value.Kind switch
    {
        CelValueKind.Null => Null,
        CelValueKind.Bool => Bool,
        CelValueKind.Int => Int,
        CelValueKind.Uint => Uint,
        CelValueKind.Double => Double,
        CelValueKind.String => String,
        CelValueKind.Bytes => Bytes,
        CelValueKind.List => List,
        CelValueKind.Map => Map,
        CelValueKind.Type => Type,
        CelValueKind.Duration => Duration,
        CelValueKind.Timestamp => Timestamp,
        _ => Error,
    };

    public override string ToString() => Name;
}
