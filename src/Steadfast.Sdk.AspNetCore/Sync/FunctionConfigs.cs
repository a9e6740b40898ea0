using Steadfast.Protocol.Sync;

namespace Steadfast.Sdk.AspNetCore.Sync;

/// <summary>Builds the sync bodies' parts from an app's function registry.</summary>
internal static class FunctionConfigs
{
    /// <summary>The SDK's capabilities: the trust probe (reference §2.6).</summary>
    public static Dictionary<string, string> Capabilities() => new(StringComparer.Ordinal) { ["trust_probe"] = "v1" };

    /// <summary>
    /// One config per function with its composite id, triggers, and <c>steps.step</c> pointing at
    /// <paramref name="serveUrl"/><c>?fnId=&lt;id&gt;&amp;stepId=step</c> with the retry count.
    /// </summary>
    public static List<FunctionConfig> Build(FunctionRegistry registry, string serveUrl)
    {
        var separator = serveUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        var list = new List<FunctionConfig>();
        foreach (var (compositeId, function) in registry.All.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var config = new FunctionConfig
            {
                Id = compositeId,
                Name = function.Name,
                Triggers = [.. function.Triggers.Select(t => new TriggerConfig { Event = t.Event, Expression = t.Expression, Cron = t.Cron })],
                Steps = new Dictionary<string, StepConfig>(StringComparer.Ordinal)
                {
                    ["step"] = new StepConfig
                    {
                        Runtime = new StepRuntime { Url = $"{serveUrl}{separator}fnId={Uri.EscapeDataString(compositeId)}&stepId=step" },
                        Retries = new StepRetries { Attempts = function.Retries },
                    },
                },
            };
            FlowControlConfig.Apply(function.Options, config);
            list.Add(config);
        }

        return list;
    }
}
