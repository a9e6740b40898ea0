using System.Text.Json;

namespace Steadfast.Expressions.Runtime;

/// <summary>A JSON object seen as a CEL map with string keys.</summary>
internal sealed class JsonMap(JsonElement obj) : CelMap
{
    public override int Count
    {
        get
        {
            var count = 0;
            foreach (var unused in obj.EnumerateObject())
            {
                count++;
            }

            return count;
        }
    }

    public override IEnumerable<CelValue> Keys => obj.EnumerateObject().Select(p => CelValue.FromString(p.Name));

    public override bool TryGetValue(CelValue key, out CelValue value)
    {
        if (key.Kind == CelValueKind.String && obj.TryGetProperty(key.AsString(), out var element))
        {
            value = CelValue.FromJson(element);
            return true;
        }

        value = default;
        return false;
    }
}
