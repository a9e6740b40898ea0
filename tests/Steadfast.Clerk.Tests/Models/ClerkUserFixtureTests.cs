using System.Text.Json;
using Steadfast.Clerk.Models;
using Steadfast.Clerk.Tests.Support;

namespace Steadfast.Clerk.Tests.Models;

/// <summary>The typed User model against every user fixture (§3.5 edge cases; §6 scenarios 35–38 at model level).</summary>
public sealed class ClerkUserFixtureTests
{
    private static ClerkUser User(string file) => ClerkUser.FromData(ClerkWebhookEnvelope.Parse(Fixtures.Bytes(file)).Data);

    [Fact]
    public void FromData_NormalUser_ReadsProfileAndPrimaryEmail()
    {
        var user = User("user.created.json");

        Assert.Equal("user_281JFKuFlaVkXbK7ZHi9rje0s2w", user.Id);
        Assert.Equal("Ada", user.FirstName);
        Assert.Equal("Quill", user.LastName);
        Assert.Null(user.Username);
        Assert.Equal("ada.quill@example.com", user.PrimaryEmailAddress);
        Assert.True(user.PrimaryEmail!.IsVerified);
        Assert.Equal("https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9.fixture", user.ImageUrl);
        Assert.Equal(1741946400000, user.CreatedAt);
        Assert.Equal(1741946400000, user.UpdatedAt);
        Assert.Null(user.LastSignInAt);
        Assert.True(user.PasswordEnabled);
        Assert.Equal(JsonValueKind.Object, user.PublicMetadata.ValueKind);
        Assert.Empty(user.PhoneNumbers);
        Assert.Null(user.PrimaryPhone);
    }

    [Fact]
    public void FromData_PrimaryEmailIsSecondEntry_FollowsPointerNotPosition()
    {
        var user = User("edge/user.created.primary-email-second.json");

        Assert.Equal("mo.ibrahim+work@example.org", user.EmailAddresses[0].EmailAddress);
        Assert.Equal("mo.ibrahim@example.net", user.PrimaryEmailAddress);
        Assert.False(user.EmailAddresses[0].IsVerified);
        Assert.Equal("oauth_google", user.PrimaryEmail!.LinkedTo.Single().Type);
        Assert.Equal("verification_from_oauth", user.PrimaryEmail.Verification!.Object);
        Assert.Null(user.PrimaryEmail.Verification.Attempts);
    }

    [Fact]
    public void FromData_PrimaryEmailSecond_ReadsExternalAccount()
    {
        var account = User("edge/user.created.primary-email-second.json").ExternalAccounts.Single();

        Assert.Equal("google_account", account.Object);
        Assert.Equal("oauth_google", account.Provider);
        Assert.Equal("109876543210987654321", account.ProviderUserId);
        Assert.Equal("mo.ibrahim@example.net", account.EmailAddress);
        Assert.True(account.EmailAddressVerified);
        Assert.Null(account.Username);
        Assert.Equal("verified", account.Verification!.Status);
    }

    [Fact]
    public void FromData_PhoneOnly_HasNoEmailAndPrimaryPhone()
    {
        var user = User("edge/user.created.phone-only.json");

        Assert.Empty(user.EmailAddresses);
        Assert.Null(user.PrimaryEmailAddressId);
        Assert.Null(user.PrimaryEmail);
        Assert.Null(user.PrimaryEmailAddress);
        Assert.Equal("+15555550123", user.PrimaryPhone!.PhoneNumber);
        Assert.Null(user.FirstName);
        Assert.Null(user.LastName);
    }

    [Fact]
    public void FromData_UsernameOnly_HasNoEmailNoPhone()
    {
        var user = User("edge/user.created.username-only.json");

        Assert.Equal("quiet_fox_42", user.Username);
        Assert.Null(user.PrimaryEmail);
        Assert.Null(user.PrimaryPhone);
        Assert.Empty(user.EmailAddresses);
        Assert.Empty(user.PhoneNumbers);
    }

    [Fact]
    public void FromData_NullNames_AreNullNotTheStringNull()
    {
        var user = User("edge/user.created.null-names.json");

        Assert.Null(user.FirstName);
        Assert.Null(user.LastName);
        Assert.Equal("no.name.given@example.com", user.PrimaryEmailAddress);
    }

    [Fact]
    public void FromData_EmailChanged_PrimaryIsNewAddressAndOldIsGone()
    {
        var user = User("edge/user.updated.email-changed.json");

        Assert.Equal("ada@quill.dev", user.PrimaryEmailAddress);
        Assert.DoesNotContain(user.EmailAddresses, e => e.EmailAddress == "ada.quill@example.com");
        Assert.Equal("team", user.PublicMetadata.GetProperty("plan").GetString());
    }

    [Fact]
    public void FromData_StaleUpdate_HasUpdatedAtBetweenCreatedAndUpdated()
    {
        var created = User("user.created.json").UpdatedAt;
        var stale = User("edge/user.updated.stale.json").UpdatedAt;
        var updated = User("user.updated.json").UpdatedAt;

        Assert.InRange(stale!.Value, created!.Value + 1, updated!.Value - 1);
    }

    [Fact]
    public void FromData_LegacyShape_KeepsUnknownFieldsAsAdditionalProperties()
    {
        var user = User("edge/user.created.legacy-shape.json");

        Assert.Equal(string.Empty, user.AdditionalProperties!["birthday"].GetString());
        Assert.Equal(string.Empty, user.AdditionalProperties["gender"].GetString());
        Assert.Equal("legacy.shape@example.com", user.PrimaryEmailAddress);
    }

    [Fact]
    public void FromData_EmbeddedSessionUser_Parses()
    {
        var envelope = ClerkWebhookEnvelope.Parse(Fixtures.Bytes("session.created.json"));

        var user = ClerkUser.FromData(envelope.Data.GetProperty("user"));

        Assert.Equal("user_281JFKuFlaVkXbK7ZHi9rje0s2w", user.Id);
    }
}
