using System.Text;
using System.Text.Json;
using Steadfast.Expressions.Runtime;

namespace Steadfast.Expressions;

public readonly partial struct CelValue
{
    /// <summary>
    /// Writes the value as JSON: numbers as numbers (NaN and infinities as the strings
    /// <c>"NaN"</c>, <c>"+Inf"</c>, <c>"-Inf"</c>), bytes as base64, timestamps as RFC 3339 strings,
    /// durations as <c>"1.5s"</c>, types as their name, map keys as strings; an error as
    /// <c>{"error": message}</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (IsJson)
        {
            _json.WriteTo(writer);
            return;
        }

        switch (Kind)
        {
            case CelValueKind.Null:
                writer.WriteNullValue();
                break;
            case CelValueKind.Bool:
                writer.WriteBooleanValue(AsBool());
                break;
            case CelValueKind.Int:
                writer.WriteNumberValue(AsInt64());
                break;
            case CelValueKind.Uint:
                writer.WriteNumberValue(AsUInt64());
                break;
            case CelValueKind.Double:
                var d = AsDouble();
                if (double.IsFinite(d))
                {
                    writer.WriteNumberValue(d);
                }
                else
                {
                    writer.WriteStringValue(CelFormatter.FormatDouble(d));
                }

                break;
            case CelValueKind.String:
                writer.WriteStringValue(AsString());
                break;
            case CelValueKind.Bytes:
                writer.WriteBase64StringValue(AsBytes().Span);
                break;
            case CelValueKind.List:
                writer.WriteStartArray();
                var list = AsList();
                for (var i = 0; i < list.Count; i++)
                {
                    list[i].WriteTo(writer);
                }

                writer.WriteEndArray();
                break;
            case CelValueKind.Map:
                writer.WriteStartObject();
                var map = AsMap();
                foreach (var key in map.Keys)
                {
                    writer.WritePropertyName(key.Kind == CelValueKind.String ? key.AsString() : CelFormatter.Format(key).TrimEnd('u'));
                    map.TryGetValue(key, out var v);
                    v.WriteTo(writer);
                }

                writer.WriteEndObject();
                break;
            case CelValueKind.Type:
                writer.WriteStringValue(((CelType)_ref!).Name);
                break;
            case CelValueKind.Duration:
                writer.WriteStringValue(CelTime.FormatDuration(_bits));
                break;
            case CelValueKind.Timestamp:
                writer.WriteStringValue(CelTime.FormatTimestamp(_bits));
                break;
            default:
                writer.WriteStartObject();
                writer.WriteString("error", ErrorMessage);
                writer.WriteEndObject();
                break;
        }
    }

    /// <summary>The value as a JSON document text (see <see cref="WriteTo"/>).</summary>
    public string ToJsonString()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The value in CEL literal syntax, e.g. <c>"pro"</c>, <c>1u</c>, <c>[1, 2.5]</c>; an error as <c>error(message)</c>.</summary>
    public override string ToString() => CelFormatter.Format(this);
}
