using System.Text.Json;

namespace Steadfast.Bench.Expressions;

/// <summary>A typical Inngest event (Clerk-style user payload) used by the benchmarks.</summary>
internal static class SampleEvents
{
    public static string Json(int user) => $$$$"""
        {"name":"clerk/user.created","id":"01J{{{{user:D8}}}}","ts":1717000000000,"v":"2024-01-01",
         "data":{"user_id":"u_{{{{user}}}}","plan":"pro","amount":150,"email":"user{{{{user}}}}@example.com",
                 "tags":["a","b"],"profile":{"first":"Ada","last":"Lovelace","age":36}}}
        """;

    public static JsonElement Element(int user) => JsonDocument.Parse(Json(user)).RootElement;
}
