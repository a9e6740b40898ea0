using System.Text.Json;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Json;

namespace Steadfast.Engine.Drivers.Http;

/// <summary>Builds the JCS-canonical call body (reference §3.2), switching to <c>use_api</c> when the state is too large.</summary>
internal static class CallBody
{
    public static byte[] Build(CallRequest request, int maxBytes)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(request, ProtocolJsonContext.Default.CallRequest);
        if (json.Length > maxBytes && (request.Steps.Count > 0 || request.Events.Count > 0))
        {
            // Large state: the SDK fetches events and steps from /v0/runs/{id}/batch and /actions. `event` is still sent.
            var slim = new CallRequest
            {
                Event = request.Event,
                Events = [],
                Steps = new Dictionary<string, JsonElement>(),
                Version = request.Version,
                UseApi = true,
                Ctx = new CallContext
                {
                    RunId = request.Ctx.RunId,
                    Attempt = request.Ctx.Attempt,
                    MaxAttempts = request.Ctx.MaxAttempts,
                    DisableImmediateExecution = request.Ctx.DisableImmediateExecution,
                    UseApi = true,
                    Stack = request.Ctx.Stack,
                    StepId = request.Ctx.StepId,
                    Env = request.Ctx.Env,
                },
            };
            json = JsonSerializer.SerializeToUtf8Bytes(slim, ProtocolJsonContext.Default.CallRequest);
        }

        return JcsCanonicalizer.Canonicalize(json);
    }
}
