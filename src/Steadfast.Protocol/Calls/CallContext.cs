using System.Text.Json.Serialization;

namespace Steadfast.Protocol.Calls;

/// <summary>The <c>ctx</c> object of a call request.</summary>
public sealed class CallContext
{
    /// <summary>The run id (a ULID).</summary>
    [JsonPropertyName("run_id")]
    public string RunId { get; set; } = "";

    /// <summary>Zero-based attempt of this queue item.</summary>
    [JsonPropertyName("attempt")]
    public int Attempt { get; set; }

    /// <summary>Retries + 1.</summary>
    [JsonPropertyName("max_attempts")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>When true the SDK must plan steps instead of running them immediately.</summary>
    [JsonPropertyName("disable_immediate_execution")]
    public bool DisableImmediateExecution { get; set; }

    /// <summary>When true the SDK fetches events and steps from the API.</summary>
    [JsonPropertyName("use_api")]
    public bool UseApi { get; set; }

    /// <summary>Completion order of memoized steps.</summary>
    [JsonPropertyName("stack")]
    public CallStack Stack { get; set; } = new();

    /// <summary>The step requested by this call ("step" for discovery).</summary>
    [JsonPropertyName("step_id")]
    public string StepId { get; set; } = "step";

    /// <summary>Environment name.</summary>
    [JsonPropertyName("env")]
    public string Env { get; set; } = "";
}
