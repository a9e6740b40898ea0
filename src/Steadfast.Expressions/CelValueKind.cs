namespace Steadfast.Expressions;

/// <summary>The CEL type of a <see cref="CelValue"/>.</summary>
public enum CelValueKind
{
    /// <summary><c>null</c> (CEL <c>null_type</c>); also the kind of <c>default(CelValue)</c>.</summary>
    Null = 0,

    /// <summary>A boolean.</summary>
    Bool,

    /// <summary>A signed 64-bit integer (CEL <c>int</c>).</summary>
    Int,

    /// <summary>An unsigned 64-bit integer (CEL <c>uint</c>).</summary>
    Uint,

    /// <summary>A 64-bit IEEE-754 number (CEL <c>double</c>).</summary>
    Double,

    /// <summary>A Unicode string.</summary>
    String,

    /// <summary>A byte sequence.</summary>
    Bytes,

    /// <summary>A list (a JSON array or a list built by the expression).</summary>
    List,

    /// <summary>A map (a JSON object or a map built by the expression).</summary>
    Map,

    /// <summary>A type value, as returned by <c>type(x)</c> or named by <c>int</c>, <c>string</c>, ...</summary>
    Type,

    /// <summary>A duration (<c>google.protobuf.Duration</c>), held with 100 ns precision.</summary>
    Duration,

    /// <summary>A timestamp (<c>google.protobuf.Timestamp</c>), held in UTC with 100 ns precision.</summary>
    Timestamp,

    /// <summary>An evaluation error (no such key, no such overload, overflow, ...).</summary>
    Error,
}
