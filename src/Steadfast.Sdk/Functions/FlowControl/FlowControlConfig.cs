using System.Text.Json;
using System.Text.Json.Nodes;
using Steadfast.Protocol.Sync;
using Steadfast.Protocol.Time;

namespace Steadfast.Sdk;

/// <summary>
/// Writes a function's flow-control options into a sync configuration in Inngest's JSON shape (reference §2.2), the
/// one shape the server parses and validates for every SDK.
/// </summary>
public static class FlowControlConfig
{
    /// <summary>Sets the flow-control fields of <paramref name="config"/> from <paramref name="options"/>.</summary>
    public static void Apply(FunctionOptions options, FunctionConfig config)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(config);
        config.Idempotency = options.Idempotency;
        config.RateLimit = options.RateLimit is { } r ? Element(new JsonObject { ["limit"] = r.Limit, ["period"] = Durations.Format(r.Period), ["key"] = r.Key }) : null;
        config.Throttle = options.Throttle is { } t
            ? Element(new JsonObject { ["limit"] = t.Limit, ["period"] = Durations.Format(t.Period), ["burst"] = t.Burst, ["key"] = t.Key })
            : null;
        if (options.Concurrency.Count > 0)
        {
            var array = new JsonArray();
            foreach (var c in options.Concurrency)
            {
                array.Add(new JsonObject { ["limit"] = c.Limit, ["key"] = c.Key, ["scope"] = c.Scope });
            }

            config.Concurrency = Element(array);
        }

        config.Debounce = options.Debounce is { } d
            ? Element(new JsonObject { ["period"] = Durations.Format(d.Period), ["key"] = d.Key, ["timeout"] = d.Timeout is { } dt ? Durations.Format(dt) : null })
            : null;
        config.BatchEvents = options.BatchEvents is { } b
            ? Element(new JsonObject { ["maxSize"] = b.MaxSize, ["timeout"] = Durations.Format(b.Timeout), ["key"] = b.Key, ["if"] = b.If })
            : null;
        config.Priority = options.Priority is { } p ? Element(new JsonObject { ["run"] = p }) : null;
        config.Singleton = options.Singleton is { } s ? Element(new JsonObject { ["mode"] = s.Mode, ["key"] = s.Key }) : null;
        config.Timeouts = options.StartTimeout is not null || options.FinishTimeout is not null
            ? Element(new JsonObject
            {
                ["start"] = options.StartTimeout is { } st ? Durations.Format(st) : null,
                ["finish"] = options.FinishTimeout is { } ft ? Durations.Format(ft) : null,
            })
            : null;
    }

    private static JsonElement Element(JsonNode node)
    {
        // Unset optional fields are left out rather than sent as null.
        if (node is JsonObject obj)
        {
            foreach (var name in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                obj.Remove(name);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is JsonObject o)
                {
                    foreach (var name in o.Where(p => p.Value is null).Select(p => p.Key).ToList())
                    {
                        o.Remove(name);
                    }
                }
            }
        }

        using var doc = JsonDocument.Parse(node.ToJsonString());
        return doc.RootElement.Clone();
    }
}
