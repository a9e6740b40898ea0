using System.Text.Json;
using Steadfast.Expressions.Runtime;

namespace Steadfast.Expressions;

/// <summary>
/// A CEL value: the result of evaluating an expression, or a variable given to it.
/// </summary>
/// <remarks>
/// A value read from JSON keeps a reference to its <see cref="JsonElement"/> instead of copying it
/// (strings, lists and maps are read lazily), so it is only valid while the <see cref="JsonDocument"/>
/// it came from is alive. Numbers are converted when read: an integral JSON number that fits in a
/// 64-bit signed integer becomes <see cref="CelValueKind.Int"/>, any other number becomes
/// <see cref="CelValueKind.Double"/>. Because CEL equality and ordering are heterogeneous across
/// int, uint and double, <c>event.data.x == 1</c> and <c>event.data.x == 1.0</c> are both true for
/// <c>{"x": 1}</c> and for <c>{"x": 1.0}</c>; arithmetic is not heterogeneous (<c>1 + 1.0</c> is an error),
/// so <c>event.data.x + 1</c> works for <c>1</c> but not for <c>1.5</c>.
/// </remarks>
public readonly partial struct CelValue
{
    private readonly object? _ref;
    private readonly long _bits;
    private readonly JsonElement _json;

    private CelValue(CelValueKind kind, long bits, object? reference, JsonElement json = default)
    {
        Kind = kind;
        _bits = bits;
        _ref = reference;
        _json = json;
    }

    /// <summary>The CEL type of this value.</summary>
    public CelValueKind Kind { get; }

    /// <summary>True when this value is an evaluation error.</summary>
    public bool IsError => Kind == CelValueKind.Error;

    /// <summary>The error message when <see cref="IsError"/> is true; otherwise null.</summary>
    public string? ErrorMessage => _ref is CelError error ? error.Message : null;

    internal bool IsJson => _json.ValueKind != JsonValueKind.Undefined;

    internal JsonElement Json => _json;

    internal object? Reference => _ref;

    internal long Bits => _bits;

    internal bool IsNumber => Kind is CelValueKind.Int or CelValueKind.Uint or CelValueKind.Double;

    /// <summary>The boolean value; throws when <see cref="Kind"/> is not <see cref="CelValueKind.Bool"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is not a bool.</exception>
    public bool AsBool() => Kind == CelValueKind.Bool ? _bits != 0 : throw WrongKind(CelValueKind.Bool);

    /// <summary>The int value; throws when <see cref="Kind"/> is not <see cref="CelValueKind.Int"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is not an int.</exception>
    public long AsInt64() => Kind == CelValueKind.Int ? _bits : throw WrongKind(CelValueKind.Int);

    /// <summary>The uint value; throws when <see cref="Kind"/> is not <see cref="CelValueKind.Uint"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is not a uint.</exception>
    public ulong AsUInt64() => Kind == CelValueKind.Uint ? unchecked((ulong)_bits) : throw WrongKind(CelValueKind.Uint);

    /// <summary>The double value; throws when <see cref="Kind"/> is not <see cref="CelValueKind.Double"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is not a double.</exception>
    public double AsDouble() => Kind == CelValueKind.Double ? BitConverter.Int64BitsToDouble(_bits) : throw WrongKind(CelValueKind.Double);

    /// <summary>The string value (read from JSON on demand); throws when <see cref="Kind"/> is not <see cref="CelValueKind.String"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is not a string.</exception>
    public string AsString() => Kind == CelValueKind.String ? _ref as string ?? _json.GetString()! : throw WrongKind(CelValueKind.String);

    /// <summary>The bytes value; throws when <see cref="Kind"/> is not <see cref="CelValueKind.Bytes"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is not bytes.</exception>
    public ReadOnlyMemory<byte> AsBytes() => Kind == CelValueKind.Bytes ? (byte[])_ref! : throw WrongKind(CelValueKind.Bytes);

    /// <summary>The duration value; throws when <see cref="Kind"/> is not <see cref="CelValueKind.Duration"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is not a duration.</exception>
    public TimeSpan AsDuration() => Kind == CelValueKind.Duration ? new TimeSpan(_bits) : throw WrongKind(CelValueKind.Duration);

    /// <summary>The timestamp value (UTC); throws when <see cref="Kind"/> is not <see cref="CelValueKind.Timestamp"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is not a timestamp.</exception>
    public DateTimeOffset AsTimestamp() => Kind == CelValueKind.Timestamp ? new DateTimeOffset(_bits, TimeSpan.Zero) : throw WrongKind(CelValueKind.Timestamp);

    /// <summary>The CEL name of this value's type: <c>int</c>, <c>string</c>, <c>map</c>, <c>google.protobuf.Timestamp</c>, ...</summary>
    public string TypeName => CelType.Of(this).Name;

    internal double DoubleBits => BitConverter.Int64BitsToDouble(_bits);

    internal CelList AsList() => _ref as CelList ?? new JsonList(_json);

    internal CelMap AsMap() => _ref as CelMap ?? new JsonMap(_json);

    private InvalidOperationException WrongKind(CelValueKind expected) =>
        new($"The value is {TypeName}{(IsError ? $" ({ErrorMessage})" : string.Empty)}, not {expected}.");
}
