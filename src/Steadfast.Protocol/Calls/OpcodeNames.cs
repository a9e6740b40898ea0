namespace Steadfast.Protocol.Calls;

/// <summary>Opcode names as they appear on the wire.</summary>
public static class OpcodeNames
{
    /// <summary>A step ran in this request.</summary>
    public const string StepRun = "StepRun";

    /// <summary>Legacy alias of StepRun.</summary>
    public const string Step = "Step";

    /// <summary>A step threw; retriable.</summary>
    public const string StepError = "StepError";

    /// <summary>A step failed for good.</summary>
    public const string StepFailed = "StepFailed";

    /// <summary>A step was found but not run.</summary>
    public const string StepPlanned = "StepPlanned";

    /// <summary>A durable sleep.</summary>
    public const string Sleep = "Sleep";

    /// <summary>Wait for an event.</summary>
    public const string WaitForEvent = "WaitForEvent";

    /// <summary>Invoke another function.</summary>
    public const string InvokeFunction = "InvokeFunction";

    /// <summary>HTTP request performed by the server.</summary>
    public const string Gateway = "Gateway";

    /// <summary>AI inference request performed by the server.</summary>
    public const string AIGateway = "AIGateway";

    /// <summary>Wait for a signal.</summary>
    public const string WaitForSignal = "WaitForSignal";

    /// <summary>The function finished, as an op.</summary>
    public const string RunComplete = "RunComplete";

    /// <summary>Ask the server for a new discovery call.</summary>
    public const string DiscoveryRequest = "DiscoveryRequest";

    /// <summary>Lazy defer ops (v4).</summary>
    public const string DeferAdd = "DeferAdd";

    /// <summary>Lazy defer abort (v4).</summary>
    public const string DeferAbort = "DeferAbort";
}
