using System.Text.Json;

namespace Steadfast.Server.Tests.Webhooks;

/// <summary>The reference Clerk fixtures (Fixtures/clerk in the test output) and their manifest, signatures.json.</summary>
internal static class ClerkFixtures
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "clerk");

    private static readonly Lazy<JsonElement> Manifest = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "signatures.json")));
        return doc.RootElement.Clone();
    });

    public static string Secret => Manifest.Value.GetProperty("secret").GetString()!;

    public static string PreviousSecret => Manifest.Value.GetProperty("previous_secret").GetString()!;

    public static IEnumerable<string> Files => Entries.Select(e => e.GetProperty("file").GetString()!);

    public static TheoryData<string> AllFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Files)
        {
            data.Add(file);
        }

        return data;
    }

    public static byte[] Body(string file) => File.ReadAllBytes(Path.Combine(Root, file));

    public static string SvixId(string file) => Entry(file).GetProperty("svix_id").GetString()!;

    public static string ExpectedName(string file) => Entry(file).GetProperty("expected_event").GetProperty("name").GetString()!;

    public static long ExpectedTs(string file) => Entry(file).GetProperty("expected_event").GetProperty("ts").GetInt64();

    private static IEnumerable<JsonElement> Entries => Manifest.Value.GetProperty("fixtures").EnumerateArray();

    private static JsonElement Entry(string file) => Entries.Single(e => e.GetProperty("file").GetString() == file);
}
