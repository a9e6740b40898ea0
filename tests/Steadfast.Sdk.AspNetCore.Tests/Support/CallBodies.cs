using System.Text.Json;
using System.Text.Json.Nodes;
using Steadfast.Protocol.Ids;
using Steadfast.Protocol.Json;

namespace Steadfast.Sdk.AspNetCore.Tests.Support;

/// <summary>Call request bodies as the server sends them: JCS-canonical JSON (reference §3.2).</summary>
internal static class CallBodies
{
    public static byte[] Create(
        JsonNode? data = null,
        string eventName = "test/hello",
        IReadOnlyList<(string UserId, JsonNode? Memo)>? steps = null,
        int attempt = 0,
        int maxAttempts = 5,
        int version = -1,
        bool useApi = false,
        string? runId = null)
    {
        var evt = new JsonObject
        {
            ["name"] = eventName,
            ["data"] = data ?? new JsonObject(),
            ["id"] = "01JEVT0000000000000000000" + Random.Shared.Next(0, 9),
            ["ts"] = 1700000000000,
            ["user"] = new JsonObject(),
        };
        var memo = new JsonObject();
        var stack = new JsonArray();
        foreach (var (userId, value) in steps ?? [])
        {
            var hashed = StepIds.Hash(userId);
            memo[hashed] = value;
            stack.Add(hashed);
        }

        var body = new JsonObject
        {
            ["ctx"] = new JsonObject
            {
                ["attempt"] = attempt,
                ["disable_immediate_execution"] = false,
                ["env"] = "",
                ["max_attempts"] = maxAttempts,
                ["run_id"] = runId ?? "01JRUN" + Guid.NewGuid().ToString("N")[..20].ToUpperInvariant(),
                ["stack"] = new JsonObject { ["current"] = stack.Count, ["stack"] = stack },
                ["step_id"] = "step",
                ["use_api"] = useApi,
            },
            ["event"] = evt.DeepClone(),
            ["events"] = useApi ? new JsonArray() : new JsonArray(evt.DeepClone()),
            ["steps"] = useApi ? new JsonObject() : memo,
            ["use_api"] = useApi,
            ["version"] = version,
        };
        return JcsCanonicalizer.Canonicalize(JsonSerializer.SerializeToElement(body));
    }

    public static JsonNode Data(object value) => JsonSerializer.SerializeToNode(value)!;
}
