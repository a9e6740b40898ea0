using System.Globalization;
using System.Text.Json;
using Steadfast.Expressions.Runtime;

namespace Steadfast.Expressions.Tests.Conformance;

/// <summary>Loads cel-spec-cases.json and turns its typed values into <see cref="CelValue"/>s.</summary>
internal static class ConformanceData
{
    private static readonly Lazy<IReadOnlyDictionary<string, ConformanceCase>> s_cases = new(Load);

    public static IReadOnlyDictionary<string, ConformanceCase> Cases => s_cases.Value;

    public static CelValue ToValue(JsonElement typed)
    {
        var property = typed.EnumerateObject().Single();
        var v = property.Value;
        return property.Name switch
        {
            "null" => CelValue.Null,
            "bool" => CelValue.FromBool(v.GetBoolean()),
            "int64" => CelValue.FromInt64(long.Parse(v.GetString()!, CultureInfo.InvariantCulture)),
            "uint64" => CelValue.FromUInt64(ulong.Parse(v.GetString()!, CultureInfo.InvariantCulture)),
            "double" => CelValue.FromDouble(double.Parse(v.GetString()!, CultureInfo.InvariantCulture)),
            "string" => CelValue.FromString(v.GetString()!),
            "bytes" => CelValue.FromBytes(Convert.FromBase64String(v.GetString()!)),
            "type" => CelType.TryResolve(v.GetString()!, out var type) ? CelValue.FromType(type) : throw new NotSupportedException(v.GetString()),
            "list" => CelValue.FromList(new ValueList([.. v.EnumerateArray().Select(ToValue)])),
            "map" => ToMap(v),
            _ => throw new NotSupportedException(property.Name),
        };
    }

    /// <summary>Same CEL type and value, recursively; NaN equals NaN here.</summary>
    public static bool StrictlyEqual(CelValue expected, CelValue actual)
    {
        if (expected.Kind != actual.Kind)
        {
            return false;
        }

        switch (expected.Kind)
        {
            case CelValueKind.Double:
                return expected.AsDouble().Equals(actual.AsDouble());
            case CelValueKind.List:
                var a = expected.AsList();
                var b = actual.AsList();
                return a.Count == b.Count && Enumerable.Range(0, a.Count).All(i => StrictlyEqual(a[i], b[i]));
            case CelValueKind.Map:
                var m = expected.AsMap();
                var n = actual.AsMap();
                return m.Count == n.Count && m.Keys.All(k => m.TryGetValue(k, out var x) && n.TryGetValue(k, out var y) && StrictlyEqual(x, y));
            default:
                return CelEquality.AreEqual(expected, actual);
        }
    }

    private static CelValue ToMap(JsonElement entries)
    {
        var map = new ValueMap(entries.GetArrayLength());
        foreach (var entry in entries.EnumerateArray())
        {
            var key = ToValue(entry.GetProperty("key"));
            MapKey.TryCreate(key, out var mapKey);
            map.TryAdd(mapKey, key, ToValue(entry.GetProperty("value")));
        }

        return CelValue.FromMap(map);
    }

    private static IReadOnlyDictionary<string, ConformanceCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Conformance", "cel-spec-cases.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        var cases = document.RootElement.GetProperty("cases").Deserialize<List<ConformanceCase>>(options)!;
        return cases.ToDictionary(c => c.Id);
    }
}
