using System.Text.Json;
using System.Text.Json.Nodes;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>The reference's Clerk fixtures (copied from shared/reference/clerk-fixtures), with their svix ids.</summary>
public static class ClerkFixtures
{
    public const string Secret = "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY";
    public const string AdaId = "user_281JFKuFlaVkXbK7ZHi9rje0s2w";

    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "clerk");

    private static readonly Lazy<Dictionary<string, JsonElement>> Manifest = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "signatures.json")));
        return doc.RootElement.GetProperty("fixtures").EnumerateArray().ToDictionary(f => f.GetProperty("file").GetString()!, f => f.Clone());
    });

    public static IEnumerable<string> Files => Manifest.Value.Keys;

    public static byte[] Body(string file) => File.ReadAllBytes(Path.Combine(Root, file));

    public static string SvixId(string file) => Manifest.Value[file].GetProperty("svix_id").GetString()!;

    public static string ExpectedName(string file) => Manifest.Value[file].GetProperty("expected_event").GetProperty("name").GetString()!;

    public static long ExpectedTs(string file) => Manifest.Value[file].GetProperty("expected_event").GetProperty("ts").GetInt64();

    /// <summary>A fixture with its <c>data</c> changed (a new user made from an existing one).</summary>
    public static byte[] Modified(string file, Action<JsonObject> changeData)
    {
        var root = JsonNode.Parse(Body(file))!.AsObject();
        changeData(root["data"]!.AsObject());
        return JsonSerializer.SerializeToUtf8Bytes(root);
    }

    /// <summary><c>user.created.json</c> as another user with one primary email address.</summary>
    public static byte[] CreatedUser(string id, string email, string? firstName = "Test") => Modified("user.created.json", d =>
    {
        d["id"] = id;
        d["first_name"] = firstName;
        var address = d["email_addresses"]![0]!.AsObject();
        address["email_address"] = email;
        address["id"] = "idn_" + id;
        d["primary_email_address_id"] = "idn_" + id;
    });

    /// <summary>
    /// A user snapshot (<c>user.created.json</c> or <c>user.updated.json</c>) as another user: one primary email address,
    /// the given Clerk username and <c>updated_at</c>.
    /// </summary>
    public static byte[] Snapshot(string file, string id, string? username, string email, long updatedAt) => Modified(file, d =>
    {
        d["id"] = id;
        d["username"] = username;
        d["created_at"] = 1741946400000;
        d["updated_at"] = updatedAt;
        d["email_addresses"] = new JsonArray(new JsonObject
        {
            ["id"] = $"idn_{id}_{email}",
            ["object"] = "email_address",
            ["email_address"] = email,
            ["verification"] = new JsonObject { ["status"] = "verified", ["strategy"] = "email_code" },
            ["linked_to"] = new JsonArray(),
        });
        d["primary_email_address_id"] = $"idn_{id}_{email}";
    });
}
