using System.Text.Json;

namespace Steadfast.Sdk;

/// <summary>Default JSON options for step results and event data: web defaults (camelCase, case-insensitive).</summary>
public static class SteadfastJson
{
    /// <summary>The default options.</summary>
    public static JsonSerializerOptions Default { get; } = new(JsonSerializerDefaults.Web);
}
