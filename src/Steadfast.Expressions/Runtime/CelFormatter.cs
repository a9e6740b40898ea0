using System.Globalization;
using System.Text;

namespace Steadfast.Expressions.Runtime;

/// <summary>Prints values in CEL literal syntax, for messages and <see cref="CelValue.ToString"/>.</summary>
internal static class CelFormatter
{
    public static string Format(CelValue value)
    {
        var sb = new StringBuilder();
        Append(sb, value, 0);
        return sb.ToString();
    }

    public static string FormatDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "+Inf" : "-Inf";
        }

        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Replace("E", "e", StringComparison.Ordinal);
    }

    private static void Append(StringBuilder sb, CelValue value, int depth)
    {
        if (depth > 32 || sb.Length > 4096)
        {
            sb.Append('…');
            return;
        }

        switch (value.Kind)
        {
            case CelValueKind.Null:
                sb.Append("null");
                break;
            case CelValueKind.Bool:
                sb.Append(value.AsBool() ? "true" : "false");
                break;
            case CelValueKind.Int:
                sb.Append(value.AsInt64().ToString(CultureInfo.InvariantCulture));
                break;
            case CelValueKind.Uint:
                sb.Append(value.AsUInt64().ToString(CultureInfo.InvariantCulture)).Append('u');
                break;
            case CelValueKind.Double:
                var d = FormatDouble(value.AsDouble());
                sb.Append(d);
                if (double.IsFinite(value.AsDouble()) && !d.Contains('.', StringComparison.Ordinal) && !d.Contains('e', StringComparison.Ordinal))
                {
                    sb.Append(".0");
                }

                break;
            case CelValueKind.String:
                AppendQuoted(sb, value.AsString());
                break;
            case CelValueKind.Bytes:
                sb.Append("b\"");
                foreach (var b in value.AsBytes().Span)
                {
                    sb.Append(b is >= 0x20 and < 0x7f and not (byte)'"' and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:x2}");
                }

                sb.Append('"');
                break;
            case CelValueKind.List:
                var list = value.AsList();
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    sb.Append(i == 0 ? string.Empty : ", ");
                    Append(sb, list[i], depth + 1);
                }

                sb.Append(']');
                break;
            case CelValueKind.Map:
                var map = value.AsMap();
                sb.Append('{');
                var first = true;
                foreach (var key in map.Keys)
                {
                    sb.Append(first ? string.Empty : ", ");
                    first = false;
                    Append(sb, key, depth + 1);
                    sb.Append(": ");
                    map.TryGetValue(key, out var v);
                    Append(sb, v, depth + 1);
                }

                sb.Append('}');
                break;
            case CelValueKind.Type:
                sb.Append(((CelType)value.Reference!).Name);
                break;
            case CelValueKind.Duration:
                sb.Append("duration(\"").Append(CelTime.FormatDuration(value.Bits)).Append("\")");
                break;
            case CelValueKind.Timestamp:
                sb.Append("timestamp(\"").Append(CelTime.FormatTimestamp(value.Bits)).Append("\")");
                break;
            default:
                sb.Append("error(").Append(value.ErrorMessage).Append(')');
                break;
        }
    }

    private static void AppendQuoted(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append($"\\x{(int)c:x2}");
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
