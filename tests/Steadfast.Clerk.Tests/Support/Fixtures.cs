using System.Text.Json;

namespace Steadfast.Clerk.Tests.Support;

/// <summary>Access to the Clerk fixtures copied into the test output (Fixtures/clerk).</summary>
internal static class Fixtures
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "clerk");

    public static byte[] Bytes(string relativePath) => File.ReadAllBytes(Path.Combine(Root, relativePath));

    public static JsonElement Signatures { get; } = Load("signatures.json");

    public static JsonElement KnownVectors { get; } = Load("known-vectors.json");

    public static string Secret => Signatures.GetProperty("secret").GetString()!;

    public static string PreviousSecret => Signatures.GetProperty("previous_secret").GetString()!;

    public static IEnumerable<FixtureEntry> Entries =>
        Signatures.GetProperty("fixtures").EnumerateArray().Select(e => new FixtureEntry(e));

    public static FixtureEntry Entry(string file) => Entries.Single(e => e.File == file);

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Entries)
        {
            data.Add(entry.File);
        }

        return data;
    }

    private static JsonElement Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, name)));
        return document.RootElement.Clone();
    }
}
