using ClerkUserSync.Data;
using Dapper;
using Steadfast.Engine.Storage;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>clerk-svix.md §6.3–6.4: from signed webhooks to rows of <c>users</c>, under Clerk's real delivery behaviour.</summary>
public sealed class UserSyncTests
{
    [Fact]
    public async Task UserCreated_Fixture_RowWithPrimaryEmailNamesAndUsernameFromLocalPart()
    {
        await using var host = await SyncAppHost.StartAsync();

        await host.DeliverAsync("user.created.json");

        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.NotNull(row);
        Assert.Equal(("ada.quill", "ada.quill@example.com", "Ada", "Quill", "Ada Quill"), (row.Username, row.Email, row.FirstName, row.LastName, row.DisplayName));
        Assert.Equal(1741946400000, row.ClerkUpdatedAt);
        Assert.False(row.IsDeleted);
        await using var connection = host.Services.GetService(typeof(UsersDatabase)) is UsersDatabase db ? db.Open() : throw new InvalidOperationException();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users"));
        Assert.Equal(Path.Combine(host.Options.DataDirectory, "users.db"), db.Path);
    }

    [Fact]
    public async Task UserCreated_SameDeliveryTwice_BothAcceptedOneRunPerFunctionOneRow()
    {
        await using var host = await SyncAppHost.StartAsync();

        var first = await host.DeliverAsync("user.created.json");
        var second = await host.DeliverAsync("user.created.json");

        Assert.NotEqual(first, second);
        Assert.Equal(3, (await host.RunsAsync(first)).Count); // sync-user-created, send-welcome-email, onboarding-drip
        Assert.Empty(await host.RunsAsync(second));
        Assert.Single(await host.Users.ListAsync());
    }

    [Fact]
    public async Task UserCreated_RedeliveredWithNewSvixIdAfterDedupWindow_RunsAgainButRowAndUsernameUnchanged()
    {
        await using var host = await SyncAppHost.StartAsync();
        await host.DeliverAsync("user.created.json");
        var before = await host.Users.GetAsync(ClerkFixtures.AdaId);

        var again = await host.DeliverAsync(ClerkFixtures.Body("user.created.json"), "msg_replayed_after_25h");

        var sync = Assert.Single(await host.RunsAsync(again), r => r.FunctionId.EndsWith("sync-user-created", StringComparison.Ordinal));
        Assert.Equal(RunStatus.Completed, sync.Status);
        Assert.Contains("IgnoredStale", sync.Output, StringComparison.Ordinal);
        var after = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.Equal(before!.Username, after!.Username);
        Assert.Single(await host.Users.ListAsync());
    }

    [Fact]
    public async Task UserUpdated_BeforeCreated_RowFromUpdateAndLateCreateIgnored()
    {
        await using var host = await SyncAppHost.StartAsync();

        await host.DeliverAsync("user.updated.json");
        var afterUpdate = await host.Users.GetAsync(ClerkFixtures.AdaId);
        await host.DeliverAsync("user.created.json");

        Assert.NotNull(afterUpdate);
        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.Equal(("Quill-Lovelace", "adaq", 1741950000000L), (row!.LastName, row.ClerkUsername, row.ClerkUpdatedAt));
        Assert.Equal("ada.quill", row.Username);
    }

    [Fact]
    public async Task UserUpdated_StaleAfterNewer_IgnoredFirstNameStaysAda()
    {
        await using var host = await SyncAppHost.StartAsync();

        await host.DeliverAsync("user.created.json");
        await host.DeliverAsync("user.updated.json");
        var staleEvent = await host.DeliverAsync("edge/user.updated.stale.json");

        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.Equal(("Ada", "Quill-Lovelace", "adaq"), (row!.FirstName, row.LastName, row.ClerkUsername));
        Assert.Contains("IgnoredStale", Assert.Single(await host.RunsAsync(staleEvent)).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserUpdated_PartialChange_NamesAndClerkUsernameReplacedUsernameKept()
    {
        await using var host = await SyncAppHost.StartAsync();

        await host.DeliverAsync("user.created.json");
        await host.DeliverAsync("user.updated.json");

        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.Equal(("Ada", "Quill-Lovelace", "Ada Quill-Lovelace", "adaq", "ada.quill"), (row!.FirstName, row.LastName, row.DisplayName, row.ClerkUsername, row.Username));
    }

    [Fact]
    public async Task UserUpdated_EmailChanged_PrimaryEmailReplaced()
    {
        await using var host = await SyncAppHost.StartAsync();

        await host.DeliverAsync("user.created.json");
        await host.DeliverAsync("user.updated.json");
        await host.DeliverAsync("edge/user.updated.email-changed.json");

        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.Equal("ada@quill.dev", row!.Email);
        Assert.Equal("ada.quill", row.Username);
    }

    [Fact]
    public async Task UserUpdated_NamesSetToNull_StoredAsNullAndDisplayFallsBack()
    {
        await using var host = await SyncAppHost.StartAsync();
        await host.DeliverAsync("user.created.json");
        var nulled = ClerkFixtures.Modified("user.updated.json", d =>
        {
            d["first_name"] = null;
            d["last_name"] = null;
            d["username"] = null;
        });

        await host.DeliverAsync(nulled, "msg_names_nulled");

        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.Equal((null, null, "ada.quill"), (row!.FirstName, row.LastName, row.DisplayName));
    }

    [Fact]
    public async Task UserDeleted_BeforeCreatedAndUpdated_TombstoneWinsAndNoPersonalData()
    {
        await using var host = await SyncAppHost.StartAsync();

        await host.DeliverAsync("user.deleted.json");
        await host.DeliverAsync("user.created.json");
        await host.DeliverAsync("user.updated.json");

        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.True(row!.IsDeleted);
        Assert.Equal(1741953600000, row.DeletedAt);
        Assert.Equal((null, null, null), (row.Email, row.FirstName, row.Username));
    }

    [Fact]
    public async Task UserDeleted_AfterCreated_TombstonePersonalDataClearedUsernameFreed()
    {
        await using var host = await SyncAppHost.StartAsync();

        await host.DeliverAsync("user.created.json");
        var deleted = await host.DeliverAsync("user.deleted.json");
        var again = await host.DeliverAsync(ClerkFixtures.Body("user.deleted.json"), "msg_deleted_replayed");
        await host.DeliverAsync(ClerkFixtures.CreatedUser("user_next_ada", "ada.quill@example.org"), "msg_next_ada");

        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.True(row!.IsDeleted);
        Assert.Equal((null, null, null, null), (row.Email, row.FirstName, row.LastName, row.Username));
        Assert.Contains("\"Deleted\"", Assert.Single(await host.RunsAsync(deleted)).Output, StringComparison.Ordinal);
        Assert.Contains("AlreadyDeleted", Assert.Single(await host.RunsAsync(again)).Output, StringComparison.Ordinal);
        Assert.Equal("ada.quill", (await host.Users.GetAsync("user_next_ada"))!.Username);
    }

    [Fact]
    public async Task UserDeleted_NeverCreated_SucceedsWithTombstone()
    {
        await using var host = await SyncAppHost.StartAsync();

        var eventId = await host.DeliverAsync("edge/user.deleted.never-created.json");

        var run = Assert.Single(await host.RunsAsync(eventId));
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Contains("TombstoneCreated", run.Output, StringComparison.Ordinal);
        Assert.True((await host.Users.GetAsync("user_2au4kIjSfXKhD6I0yg6813PrhYn"))!.IsDeleted);
    }

    [Fact]
    public async Task UserCreated_PrimaryEmailSecond_StoresPrimaryNotFirst()
    {
        await using var host = await SyncAppHost.StartAsync();

        await host.DeliverAsync("edge/user.created.primary-email-second.json");

        var row = await host.Users.GetAsync("user_2Rs1yo0sAhrxumJO0Nikv8dZ5Os");
        Assert.Equal(("mo.ibrahim@example.net", "mo.ibrahim"), (row!.Email, row.Username));
    }

    [Theory]
    [InlineData("edge/user.created.phone-only.json", "user_2TkGapS6Yh2jcqJCWOQVUDbbhQq", "user", "+15555550123")]
    [InlineData("edge/user.created.username-only.json", "user_2EtJo1PJc9lTxgOFlyauMkkgcYs", "quiet_fox_42", null)]
    public async Task UserCreated_WithoutEmail_RowWithNullEmailAndFallbackUsername(string file, string id, string username, string? phone)
    {
        await using var host = await SyncAppHost.StartAsync();

        await host.DeliverAsync(file);

        var row = await host.Users.GetAsync(id);
        Assert.NotNull(row);
        Assert.Null(row.Email);
        Assert.Equal(username, row.Username);
        if (phone is not null)
        {
            Assert.NotNull(row.Phone);
        }

        Assert.NotNull(row.DisplayName);
    }

    [Fact]
    public async Task UserCreated_NullNames_StoredAsNullDisplayFromEmail()
    {
        await using var host = await SyncAppHost.StartAsync();

        await host.DeliverAsync("edge/user.created.null-names.json");

        var row = await host.Users.GetAsync("user_2ct7qs85bajdbMFyg5nufx8unCK");
        Assert.Equal((null, null, "no.name.given", "no.name.given"), (row!.FirstName, row.LastName, row.DisplayName, row.Username));
    }

    [Fact]
    public async Task UserCreated_LegacyShape_RowCreated()
    {
        await using var host = await SyncAppHost.StartAsync();

        await host.DeliverAsync("edge/user.created.legacy-shape.json");

        Assert.Equal("legacy.shape@example.com", (await host.Users.GetAsync("user_2zimxKwPMQ2ZpjNpbJliPdVktlQ"))!.Email);
    }

    [Fact]
    public async Task UserCreated_SameLocalPartConcurrently_UsernamesAdaAda2Ada3()
    {
        await using var host = await SyncAppHost.StartAsync();
        var emails = new[] { "ada@one.example", "Ada@two.example", "ada+news@three.example" };

        await Task.WhenAll(emails.Select((email, i) => host.DeliverAsync(ClerkFixtures.CreatedUser($"user_ada_{i}", email), $"msg_ada_{i}")));

        var names = (await host.Users.ListAsync()).Select(r => r.Username!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["ada", "ada2", "ada3"], names);
    }

    [Theory]
    [InlineData("session.created.json")]
    [InlineData("organization.created.json")]
    public async Task NonUserEvent_ReferencingUnknownUser_NoUserRowWritten(string file)
    {
        await using var host = await SyncAppHost.StartAsync();

        var eventId = await host.DeliverAsync(file);

        Assert.Empty(await host.RunsAsync(eventId));
        Assert.Empty(await host.Users.ListAsync());
    }
}
