using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Tests.Compliance;

public abstract partial class StoreComplianceTests
{
    private static StoredApp App(string id, string checksum = "c1", string functions = """[{"id":"f"}]""") => new()
    {
        AppId = id,
        Url = $"http://localhost:3000/api/{id}",
        Sdk = "js:v4.24.0",
        Framework = "express",
        Checksum = checksum,
        FunctionsJson = functions,
        SyncedAt = Now,
    };

    [Fact]
    public async Task SaveAppAsync_NewApp_ListedWithEveryField()
    {
        var app = App("app-" + Guid.NewGuid().ToString("N"));
        await Store.SaveAppAsync(app);

        var listed = Assert.Single(await Store.ListAppsAsync());
        Assert.Equal(app, listed);
    }

    [Fact]
    public async Task SaveAppAsync_SameId_ReplacesInsteadOfDuplicating()
    {
        await Store.SaveAppAsync(App("same"));
        await Store.SaveAppAsync(App("same", "c2", """[{"id":"g"}]""") with { Url = "http://localhost:3001/api/inngest", SyncedAt = Now + 5 });

        var listed = Assert.Single(await Store.ListAppsAsync());
        Assert.Equal("c2", listed.Checksum);
        Assert.Equal("""[{"id":"g"}]""", listed.FunctionsJson);
        Assert.Equal("http://localhost:3001/api/inngest", listed.Url);
        Assert.Equal(Now + 5, listed.SyncedAt);
    }

    [Fact]
    public async Task ListAppsAsync_SeveralApps_OrderedById()
    {
        await Store.SaveAppAsync(App("b-app"));
        await Store.SaveAppAsync(App("a-app"));
        await Store.SaveAppAsync(App("c-app"));

        Assert.Equal(["a-app", "b-app", "c-app"], (await Store.ListAppsAsync()).Select(a => a.AppId));
    }

    [Fact]
    public async Task DeleteAppAsync_Existing_RemovesOnlyThatApp()
    {
        await Store.SaveAppAsync(App("keep"));
        await Store.SaveAppAsync(App("drop"));

        Assert.True(await Store.DeleteAppAsync("drop"));
        Assert.False(await Store.DeleteAppAsync("drop"));
        Assert.Equal(["keep"], (await Store.ListAppsAsync()).Select(a => a.AppId));
    }

    [Fact]
    public async Task ListAppsAsync_Empty_ReturnsNone() => Assert.Empty(await Store.ListAppsAsync());
}
