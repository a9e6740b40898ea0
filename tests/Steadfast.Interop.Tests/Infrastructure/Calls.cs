namespace Steadfast.Interop.Tests.Infrastructure;

/// <summary>Reading the app's record of a call (see interop/js/app.js <c>recordCalls</c>).</summary>
public static class Calls
{
    public static int Status(JsonNode call) => call["status"]?.GetValue<int>() ?? -1;

    /// <summary>The opcodes of a 206 response (an array, or a single op object), else empty.</summary>
    public static List<JsonObject> Ops(JsonNode call)
    {
        if (Status(call) != 206 || (string?)call["response"] is not { Length: > 0 } text)
        {
            return [];
        }

        var node = JsonNode.Parse(text);
        return node switch
        {
            JsonArray a => [.. a.Select(o => o!.AsObject())],
            JsonObject o => [o],
            _ => [],
        };
    }

    public static string? ResponseHeader(JsonNode call, string name) =>
        call["responseHeaders"]?[name.ToLowerInvariant()] is { } v ? v is JsonArray a ? (string?)a[0] : v.ToString() : null;

    public static string? RequestHeader(JsonNode call, string name) => (string?)call["headers"]?[name.ToLowerInvariant()];

    public static string? StepIdParam(JsonNode call) => (string?)call["query"]?["stepId"];

    public static JsonObject Ctx(JsonNode call) => call["body"]!["ctx"]!.AsObject();

    public static int Attempt(JsonNode call) => Ctx(call)["attempt"]?.GetValue<int>() ?? 0;

    public static long At(JsonNode call) => call["at"]!.GetValue<long>();

    public static long FinishedAt(JsonNode call) => call["finishedAt"]!.GetValue<long>();

    public static List<string> Stack(JsonNode call) =>
        Ctx(call)["stack"]?["stack"] is JsonArray s ? [.. s.Select(x => (string)x!)] : [];

    public static List<string> StepKeys(JsonNode call) =>
        call["body"]?["steps"] is JsonObject o ? [.. o.Select(kv => kv.Key)] : [];

    /// <summary>The memo the server sent for a hashed step id (as the JSON text the app recorded).</summary>
    public static string? Memo(JsonNode call, string hashedId) => (string?)call["body"]?["steps"]?[hashedId];

    public static string Describe(JsonArray calls) => string.Join('\n', calls.Select(c =>
        $"{c!["method"]} stepId={StepIdParam(c)} attempt={(c["body"]?["ctx"] is null ? "-" : Attempt(c).ToString(System.Globalization.CultureInfo.InvariantCulture))} -> {Status(c)} {Clip((string?)c["response"])}"));

    private static string? Clip(string? s) => s is { Length: > 300 } ? s[..300] + "…" : s;
}
