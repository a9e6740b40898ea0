using System.Text;
using System.Text.Json;

namespace Steadfast.Clerk.Tests.Support;

/// <summary>One vector of known-vectors.json; large bodies are given as a repeated character.</summary>
internal sealed record KnownVector(string Name, string Secret, string MessageId, long Timestamp, byte[] Payload, string Signature)
{
    public static IEnumerable<KnownVector> All(string section) =>
        Fixtures.KnownVectors.GetProperty(section).EnumerateArray()
            .Where(v => v.TryGetProperty("secret", out _))
            .Select(From);

    public static TheoryData<string> Names(string section)
    {
        var data = new TheoryData<string>();
        foreach (var vector in All(section))
        {
            data.Add(vector.Name);
        }

        return data;
    }

    public static KnownVector Named(string name) => All("vectors").Concat(All("negative")).Single(v => v.Name == name);

    private static KnownVector From(JsonElement v)
    {
        byte[] payload;
        if (v.TryGetProperty("payload", out var text))
        {
            payload = Encoding.UTF8.GetBytes(text.GetString()!);
        }
        else
        {
            var repeat = v.GetProperty("payload_repeat");
            payload = Encoding.UTF8.GetBytes(new string(repeat.GetProperty("char").GetString()![0], repeat.GetProperty("count").GetInt32()));
        }

        return new KnownVector(
            v.GetProperty("name").GetString()!,
            v.GetProperty("secret").GetString()!,
            v.GetProperty("msg_id").GetString()!,
            v.GetProperty("timestamp").GetInt64(),
            payload,
            v.GetProperty("signature").GetString()!);
    }
}
