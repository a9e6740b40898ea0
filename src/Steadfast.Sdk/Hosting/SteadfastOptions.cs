using System.Text.Json;

namespace Steadfast.Sdk;

/// <summary>Options of a Steadfast app (a set of functions).</summary>
public sealed class SteadfastOptions
{
    /// <summary>The app id; function ids are composed as <c>{AppId}-{functionId}</c>, as the official SDKs do. Default <c>app</c>.</summary>
    public string AppId { get; set; } = "app";

    /// <summary>JSON options for step results and event data. Default: web defaults.</summary>
    public JsonSerializerOptions Json { get; set; } = SteadfastJson.Default;
}
