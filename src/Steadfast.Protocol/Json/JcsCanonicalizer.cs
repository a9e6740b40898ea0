using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Steadfast.Protocol.Json;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme: object members sorted by their UTF-16 code units, no whitespace, minimal
/// string escaping, and numbers written as ECMAScript's <c>Number.prototype.toString</c> writes them. The Inngest
/// server signs this form of a call body, and the JS SDK verifies signatures over it.
/// </summary>
public static class JcsCanonicalizer
{
    /// <summary>Returns the canonical UTF-8 bytes of <paramref name="json"/>.</summary>
    /// <exception cref="JsonException">The input is not valid JSON.</exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        using var doc = JsonDocument.ParseValue(ref reader);
        return Canonicalize(doc.RootElement);
    }

    /// <summary>Returns the canonical UTF-8 bytes of <paramref name="element"/>.</summary>
    /// <exception cref="JsonException">A number cannot be represented (infinite).</exception>
    public static byte[] Canonicalize(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(element, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the canonical form of <paramref name="element"/> to <paramref name="output"/>.</summary>
    public static void Write(JsonElement element, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var sb = new StringBuilder(256);
        Append(element, sb);
        var text = sb.ToString();
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        var written = Encoding.UTF8.GetBytes(text, span);
        output.Advance(written);
    }

    /// <summary>Returns the canonical text of <paramref name="element"/>.</summary>
    public static string ToCanonicalString(JsonElement element)
    {
        var sb = new StringBuilder(256);
        Append(element, sb);
        return sb.ToString();
    }

    private static void Append(JsonElement element, StringBuilder sb)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<(string Name, JsonElement Value)>();
                foreach (var p in element.EnumerateObject())
                {
                    members.Add((p.Name, p.Value));
                }

                // Duplicate names are invalid under I-JSON; keep the last (what JSON.parse does).
                members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                sb.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i + 1 < members.Count && members[i].Name == members[i + 1].Name)
                    {
                        continue;
                    }

                    if (sb[^1] != '{')
                    {
                        sb.Append(',');
                    }

                    AppendString(members[i].Name, sb);
                    sb.Append(':');
                    Append(members[i].Value, sb);
                }

                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    Append(item, sb);
                }

                sb.Append(']');
                break;
            case JsonValueKind.String:
                AppendString(element.GetString()!, sb);
                break;
            case JsonValueKind.Number:
                sb.Append(JcsNumber.Format(element.GetDouble()));
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    private static void AppendString(string value, StringBuilder sb)
    {
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u00").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
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
