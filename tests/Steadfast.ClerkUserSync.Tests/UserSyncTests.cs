using System.Text.Json;
using System.Text.Json.Nodes;
using ClerkUserSync.Data;
using Dapper;
using Steadfast.Clerk.Models;
using Steadfast.Engine.Storage;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>
/// clerk-svix.md §6.3–6.4: from signed webhooks to rows of <c>users</c>, under Clerk's real delivery behaviour. Written
/// once, run against each users backend (<see cref="SqliteUserSyncTests"/>, <see cref="PostgresUserSyncTests"/>).
/// </summary>
public abstract class UserSyncTests(IUsersBackend backend)
{
    protected async Task<SyncAppHost> StartAsync(TimeSpan? trialOfferDelay = null, LogCapture? logs = null) =>
        await SyncAppHost.StartAsync(trialOfferDelay, usersDatabase: await backend.NewDatabaseAsync(), logs: logs);

    [UsersFact]
    public async Task UserCreated_Fixture_RowWithPrimaryEmailNamesAndUsernameFromLocalPart()
    {
        await using var host = await StartAsync();

        await host.DeliverAsync("user.created.json");

        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.NotNull(row);
        Assert.Equal(("ada.quill", "ada.quill@example.com", "Ada", "Quill", "Ada Quill"), (row.Username, row.Email, row.FirstName, row.LastName, row.DisplayName));
        Assert.Equal(1741946400000, row.ClerkUpdatedAt);
        Assert.False(row.IsDeleted);
        await using var connection = await host.Database.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users"));
    }

    [UsersFact]
    public async Task UserCreated_SameDeliveryTwice_BothAcceptedOneRunPerFunctionOneRow()
    {
        await using var host = await StartAsync();

        var first = await host.DeliverAsync("user.created.json");
        var second = await host.DeliverAsync("user.created.json");

        Assert.NotEqual(first, second);
        Assert.Equal(3, (await host.RunsAsync(first)).Count); // sync-user-created, send-welcome-email, onboarding-drip
        Assert.Empty(await host.RunsAsync(second));
        Assert.Single(await host.Users.ListAsync());
    }

    [UsersFact]
    public async Task UserCreated_RedeliveredWithNewSvixIdAfterDedupWindow_RunsAgainButRowAndUsernameUnchanged()
    {
        await using var host = await StartAsync();
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

    [UsersFact]
    public async Task UserUpdated_BeforeCreated_RowFromUpdateAndLateCreateIgnored()
    {
        await using var host = await StartAsync();

        await host.DeliverAsync("user.updated.json");
        var afterUpdate = await host.Users.GetAsync(ClerkFixtures.AdaId);
        await host.DeliverAsync("user.created.json");

        Assert.NotNull(afterUpdate);
        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.Equal(("Quill-Lovelace", "adaq", 1741950000000L), (row!.LastName, row.ClerkUsername, row.ClerkUpdatedAt));
        Assert.Equal("ada.quill", row.Username);
    }

    [UsersFact]
    public async Task UserUpdated_StaleAfterNewer_IgnoredFirstNameStaysAda()
    {
        await using var host = await StartAsync();

        await host.DeliverAsync("user.created.json");
        await host.DeliverAsync("user.updated.json");
        var staleEvent = await host.DeliverAsync("edge/user.updated.stale.json");

        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.Equal(("Ada", "Quill-Lovelace", "adaq"), (row!.FirstName, row.LastName, row.ClerkUsername));
        Assert.Contains("IgnoredStale", Assert.Single(await host.RunsAsync(staleEvent)).Output, StringComparison.Ordinal);
    }

    [UsersFact]
    public async Task UserUpdated_PartialChange_NamesAndClerkUsernameReplacedUsernameKept()
    {
        await using var host = await StartAsync();

        await host.DeliverAsync("user.created.json");
        await host.DeliverAsync("user.updated.json");

        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.Equal(("Ada", "Quill-Lovelace", "Ada Quill-Lovelace", "adaq", "ada.quill"), (row!.FirstName, row.LastName, row.DisplayName, row.ClerkUsername, row.Username));
    }

    [UsersFact]
    public async Task UserUpdated_EmailChanged_PrimaryEmailReplaced()
    {
        await using var host = await StartAsync();

        await host.DeliverAsync("user.created.json");
        await host.DeliverAsync("user.updated.json");
        await host.DeliverAsync("edge/user.updated.email-changed.json");

        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.Equal("ada@quill.dev", row!.Email);
        Assert.Equal("ada.quill", row.Username);
    }

    [UsersFact]
    public async Task UserUpdated_NamesSetToNull_StoredAsNullAndDisplayFallsBack()
    {
        await using var host = await StartAsync();
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

    [UsersFact]
    public async Task UserDeleted_BeforeCreatedAndUpdated_TombstoneWinsAndNoPersonalData()
    {
        await using var host = await StartAsync();

        await host.DeliverAsync("user.deleted.json");
        await host.DeliverAsync("user.created.json");
        await host.DeliverAsync("user.updated.json");

        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.True(row!.IsDeleted);
        Assert.Equal(1741953600000, row.DeletedAt);
        Assert.Equal((null, null, null), (row.Email, row.FirstName, row.Username));
    }

    [UsersFact]
    public async Task UserDeleted_AfterCreated_TombstonePersonalDataClearedUsernameFreed()
    {
        await using var host = await StartAsync();

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

    [UsersFact]
    public async Task UserDeleted_NeverCreated_SucceedsWithTombstone()
    {
        await using var host = await StartAsync();

        var eventId = await host.DeliverAsync("edge/user.deleted.never-created.json");

        var run = Assert.Single(await host.RunsAsync(eventId));
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Contains("TombstoneCreated", run.Output, StringComparison.Ordinal);
        Assert.True((await host.Users.GetAsync("user_2au4kIjSfXKhD6I0yg6813PrhYn"))!.IsDeleted);
    }

    [UsersFact]
    public async Task UserCreated_PrimaryEmailSecond_StoresPrimaryNotFirst()
    {
        await using var host = await StartAsync();

        await host.DeliverAsync("edge/user.created.primary-email-second.json");

        var row = await host.Users.GetAsync("user_2Rs1yo0sAhrxumJO0Nikv8dZ5Os");
        Assert.Equal(("mo.ibrahim@example.net", "mo.ibrahim"), (row!.Email, row.Username));
    }

    [UsersTheory]
    [InlineData("edge/user.created.phone-only.json", "user_2TkGapS6Yh2jcqJCWOQVUDbbhQq", "user", "+15555550123")]
    [InlineData("edge/user.created.username-only.json", "user_2EtJo1PJc9lTxgOFlyauMkkgcYs", "quiet_fox_42", null)]
    public async Task UserCreated_WithoutEmail_RowWithNullEmailAndFallbackUsername(string file, string id, string username, string? phone)
    {
        await using var host = await StartAsync();

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

    [UsersFact]
    public async Task UserCreated_NullNames_StoredAsNullDisplayFromEmail()
    {
        await using var host = await StartAsync();

        await host.DeliverAsync("edge/user.created.null-names.json");

        var row = await host.Users.GetAsync("user_2ct7qs85bajdbMFyg5nufx8unCK");
        Assert.Equal((null, null, "no.name.given", "no.name.given"), (row!.FirstName, row.LastName, row.DisplayName, row.Username));
    }

    [UsersFact]
    public async Task UserCreated_LegacyShape_RowCreated()
    {
        await using var host = await StartAsync();

        await host.DeliverAsync("edge/user.created.legacy-shape.json");

        Assert.Equal("legacy.shape@example.com", (await host.Users.GetAsync("user_2zimxKwPMQ2ZpjNpbJliPdVktlQ"))!.Email);
    }

    [UsersFact]
    public async Task UserCreated_SameLocalPartConcurrently_UsernamesAdaAda2Ada3()
    {
        await using var host = await StartAsync();
        var emails = new[] { "ada@one.example", "Ada@two.example", "ada+news@three.example" };

        await Task.WhenAll(emails.Select((email, i) => host.DeliverAsync(ClerkFixtures.CreatedUser($"user_ada_{i}", email), $"msg_ada_{i}")));

        var names = (await host.Users.ListAsync()).Select(r => r.Username!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["ada", "ada2", "ada3"], names);
    }

    [UsersTheory]
    [InlineData("session.created.json")]
    [InlineData("organization.created.json")]
    public async Task NonUserEvent_ReferencingUnknownUser_NoUserRowWritten(string file)
    {
        await using var host = await StartAsync();

        var eventId = await host.DeliverAsync(file);

        Assert.Empty(await host.RunsAsync(eventId));
        Assert.Empty(await host.Users.ListAsync());
    }

    [UsersTheory]
    [InlineData("user.created.json", "sync-user-created")]
    [InlineData("user.updated.json", "sync-user-updated")]
    public async Task Snapshot_SameIdNewerThanTombstone_StaysDeletedOutcomeRefusedAndWarningLogged(string file, string function)
    {
        // clerk-svix.md §6 scenario 34: Clerk never reuses ids, so a snapshot newer than the deletion is an anomaly to report.
        var logs = new LogCapture();
        await using var host = await StartAsync(logs: logs);
        await host.DeliverAsync("user.created.json");
        await host.DeliverAsync("user.deleted.json"); // tombstone at the envelope time 1741953600000
        var recreated = ClerkFixtures.Modified(file, d => d["updated_at"] = 1741960000000);

        var eventId = await host.DeliverAsync(recreated, "msg_recreated_" + function);

        var row = await host.Users.GetAsync(ClerkFixtures.AdaId);
        Assert.True(row!.IsDeleted);
        Assert.Equal((1741953600000L, null, null), (row.DeletedAt!.Value, row.Email, row.Username));
        var sync = Assert.Single(await host.RunsAsync(eventId), r => r.FunctionId.EndsWith(function, StringComparison.Ordinal));
        Assert.Equal(RunStatus.Completed, sync.Status);
        Assert.Contains("RefusedResurrection", sync.Output, StringComparison.Ordinal);
        var warning = Assert.Single(logs.Lines, l => l.Contains("[9101]", StringComparison.Ordinal));
        Assert.StartsWith("Warning", warning, StringComparison.Ordinal);
        Assert.Contains($"{ClerkFixtures.AdaId} is deleted (tombstone at 1741953600000), yet a snapshot updated at 1741960000000", warning, StringComparison.Ordinal);
    }

    [UsersFact]
    public async Task Snapshot_SameIdOlderThanTombstone_IgnoredWithoutWarning()
    {
        var logs = new LogCapture();
        await using var host = await StartAsync(logs: logs);
        await host.DeliverAsync("user.deleted.json");

        var eventId = await host.DeliverAsync("user.updated.json");

        Assert.Contains("IgnoredDeleted", Assert.Single(await host.RunsAsync(eventId)).Output, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("[9101]", StringComparison.Ordinal));
    }

    [UsersFact]
    public async Task Renames_SwappedUsernamesAndEmailsDeliveredOutOfOrder_NoRunFailsAndFinalStateFollowsClerk()
    {
        // clerk-svix.md §6 scenario 39: A renames bob → rob, then B renames alice → bob (taking A's address too); Svix
        // delivers B's update first. No local unique constraint on Clerk's usernames or emails can make a run fail.
        await using var host = await StartAsync();
        await host.DeliverAsync(ClerkFixtures.Snapshot("user.created.json", "user_a", "bob", "bob@example.com", 1741946400000), "msg_a_created");
        await host.DeliverAsync(ClerkFixtures.Snapshot("user.created.json", "user_b", "alice", "alice@example.com", 1741946400000), "msg_b_created");
        var aRenamed = ClerkFixtures.Snapshot("user.updated.json", "user_a", "rob", "rob@example.com", 1741950000000);
        var bRenamed = ClerkFixtures.Snapshot("user.updated.json", "user_b", "bob", "bob@example.com", 1741950060000);

        var first = await host.DeliverAsync(bRenamed, "msg_b_renamed");
        var afterB = await host.Users.GetAsync("user_b");
        var second = await host.DeliverAsync(aRenamed, "msg_a_renamed");

        Assert.Equal(("bob", "bob@example.com"), (afterB!.ClerkUsername, afterB.Email)); // applied at once, while A still held both
        foreach (var eventId in new[] { first, second })
        {
            var run = Assert.Single(await host.RunsAsync(eventId));
            Assert.Equal(RunStatus.Completed, run.Status);
            Assert.Contains("\"Updated\"", run.Output, StringComparison.Ordinal);
        }

        var a = await host.Users.GetAsync("user_a");
        var b = await host.Users.GetAsync("user_b");
        Assert.Equal(("rob", "rob@example.com", "bob"), (a!.ClerkUsername, a.Email, a.Username));
        Assert.Equal(("bob", "bob@example.com", "alice"), (b!.ClerkUsername, b.Email, b.Username)); // our usernames are assigned once
    }

    [UsersFact]
    public async Task UserCreated_WithPrivateMetadata_NoColumnOfAnyTableHoldsIt()
    {
        // clerk-svix.md §6 scenario 42: private_metadata is for the backend that owns it, never copied into our rows.
        await using var host = await StartAsync();
        var body = ClerkFixtures.Modified("user.created.json", d => d["private_metadata"] = new JsonObject
        {
            ["stripe_customer_id"] = "cus_PRIVATE_4242",
            ["support_note"] = "PRIVATE: prefers phone",
        });

        await host.DeliverAsync(body, "msg_private_metadata");

        await using var connection = await host.Database.OpenAsync();
        var cells = new List<string?>();
        foreach (var table in new[] { "users", "sent_mail" })
        {
            foreach (IDictionary<string, object?> row in await connection.QueryAsync($"SELECT * FROM {table}"))
            {
                cells.AddRange(row.Values.Select(v => v?.ToString()));
            }
        }

        Assert.Contains("ada.quill@example.com", cells); // the rows were written: there was something to look at
        Assert.DoesNotContain(cells, c => c is not null && c.Contains("PRIVATE", StringComparison.Ordinal));
    }

    [UsersFact]
    public async Task ApplySnapshot_ManyVersionsOfANewUserAtOnce_OneInsertAndTheNewestWins()
    {
        // The read-decide-write is serialized per user: without it, two first deliveries both insert, or an older
        // snapshot's write lands after a newer one's (a lost update). One burst catches a missing lock only sometimes,
        // so several users each get a burst of 24 versions at once.
        await using var host = await StartAsync();
        const int users = 8;
        var bursts = Enumerable.Range(0, users).Select(u => Enumerable.Range(1, 24).Select(i => JsonSerializer.Deserialize(
            JsonNode.Parse(ClerkFixtures.Modified("user.created.json", d =>
            {
                d["id"] = $"user_race_{u}";
                d["first_name"] = $"Ada{i}";
                d["updated_at"] = 1741946400000 + i;
            }))!["data"],
            ClerkJsonContext.Default.ClerkUser)!).ToArray()).ToArray();
        var random = new Random(42);
        foreach (var burst in bursts)
        {
            random.Shuffle(burst);
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var applying = bursts.Select(burst => Task.WhenAll(burst.Select(async snapshot =>
        {
            await start.Task;
            return await host.Users.ApplySnapshotAsync(snapshot, 0);
        }))).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(applying);

        var usernames = new HashSet<string>(StringComparer.Ordinal);
        for (var u = 0; u < users; u++)
        {
            Assert.Single(outcomes[u], o => o == SyncOutcome.Created);
            Assert.All(outcomes[u], o => Assert.Contains(o, new[] { SyncOutcome.Created, SyncOutcome.Updated, SyncOutcome.IgnoredStale }));
            var row = await host.Users.GetAsync($"user_race_{u}");
            Assert.Equal(("Ada24", 1741946400024L), (row!.FirstName, row.ClerkUpdatedAt));
            Assert.True(usernames.Add(row.Username!), $"username {row.Username} given twice");
        }
    }
}
