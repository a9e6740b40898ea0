using System.Text.Json;
using Steadfast.Clerk.Events;
using Steadfast.Clerk.Models;

namespace Steadfast.Clerk.Tests.Models;

/// <summary>Nulls, missing fields, dangling pointers and wrong shapes in synthetic User payloads.</summary>
public sealed class ClerkUserToleranceTests
{
    private static ClerkUser Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ClerkUser.FromData(document.RootElement);
    }

    [Fact]
    public void PrimaryEmail_PointerDangling_IsNullEvenThoughEmailsExist()
    {
        var user = Parse("""{"id":"user_1","primary_email_address_id":"idn_gone","email_addresses":[{"id":"idn_a","email_address":"a@example.com"}]}""");

        Assert.Single(user.EmailAddresses);
        Assert.Null(user.PrimaryEmail);
    }

    [Fact]
    public void PrimaryEmail_PointerNullWithEmails_IsNull()
    {
        var user = Parse("""{"id":"user_1","primary_email_address_id":null,"email_addresses":[{"id":"idn_a","email_address":"a@example.com"}]}""");

        Assert.Null(user.PrimaryEmail);
    }

    [Fact]
    public void FromData_NullArraysAndMetadata_ReadAsEmptyAndNullKind()
    {
        var user = Parse("""
            {"id":"user_1","email_addresses":null,"phone_numbers":null,"external_accounts":null,
             "private_metadata":null,"public_metadata":{"a":1},"created_at":null,"updated_at":1,
             "email_addresses_extra":[1,2]}
            """);

        Assert.Empty(user.EmailAddresses);
        Assert.Empty(user.PhoneNumbers);
        Assert.Empty(user.ExternalAccounts);
        Assert.Equal(JsonValueKind.Null, user.PrivateMetadata.ValueKind);
        Assert.Equal(JsonValueKind.Undefined, user.UnsafeMetadata.ValueKind);
        Assert.Null(user.CreatedAt);
        Assert.Equal(1, user.UpdatedAt);
    }

    [Fact]
    public void FromData_MinimalObject_UsesDefaults()
    {
        var user = Parse("""{"id":"user_1"}""");

        Assert.Equal("user_1", user.Id);
        Assert.Empty(user.EmailAddresses);
        Assert.Null(user.PrimaryEmail);
        Assert.Null(user.AdditionalProperties);
    }

    [Fact]
    public void FromData_NullVerificationAndLinkedTo_AreTolerated()
    {
        var user = Parse("""{"id":"user_1","primary_email_address_id":"idn_a","email_addresses":[{"id":"idn_a","email_address":"a@example.com","verification":null,"linked_to":null,"future_field":{"x":1}}]}""");

        Assert.Null(user.PrimaryEmail!.Verification);
        Assert.False(user.PrimaryEmail.IsVerified);
        Assert.Empty(user.PrimaryEmail.LinkedTo);
    }

    [Theory]
    [InlineData("""{"id":"user_1","email_addresses":"not-an-array"}""")]
    [InlineData("""{"id":42}""")]
    [InlineData("""{"id":"user_1","created_at":"yesterday"}""")]
    public void FromData_WrongShape_ThrowsMalformedData(string json)
    {
        var exception = Assert.Throws<ClerkPayloadException>(() => Parse(json));

        Assert.Equal(ClerkPayloadError.MalformedData, exception.Error);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"user\"")]
    public void FromData_NotAnObject_ThrowsMissingData(string json)
    {
        var exception = Assert.Throws<ClerkPayloadException>(() => Parse(json));

        Assert.Equal(ClerkPayloadError.MissingData, exception.Error);
    }

    [Fact]
    public void FromData_DefaultElement_ThrowsMissingData()
    {
        var exception = Assert.Throws<ClerkPayloadException>(() => ClerkUser.FromData(default));

        Assert.Equal(ClerkPayloadError.MissingData, exception.Error);
    }
}
