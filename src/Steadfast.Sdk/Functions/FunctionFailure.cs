using System.Text.Json;
using System.Text.Json.Serialization;
using Steadfast.Protocol.Calls;

namespace Steadfast.Sdk;

/// <summary>The data of <c>inngest/function.failed</c>, which a failure handler receives as its event data.</summary>
public sealed class FunctionFailure
{
    /// <summary>The event the engine sends when a run fails for good.</summary>
    public const string EventName = "inngest/function.failed";

    /// <summary>Gets or sets the composite id (<c>{appId}-{functionId}</c>) of the function whose run failed.</summary>
    [JsonPropertyName("function_id")]
    public string FunctionId { get; set; } = "";

    /// <summary>Gets or sets the id of the failed run.</summary>
    [JsonPropertyName("run_id")]
    public string RunId { get; set; } = "";

    /// <summary>Gets or sets the error the run failed with, as the SDKs serialize errors (name, message, stack, cause).</summary>
    [JsonPropertyName("error")]
    public SerializedError Error { get; set; } = new();

    /// <summary>Gets or sets the event that triggered the failed run, as it was received.</summary>
    [JsonPropertyName("event")]
    public JsonElement Event { get; set; }
}
