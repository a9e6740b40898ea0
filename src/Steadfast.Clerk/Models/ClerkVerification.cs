using System.Text.Json.Serialization;

namespace Steadfast.Clerk.Models;

/// <summary>The verification state of an email address, phone number or external account.</summary>
public sealed class ClerkVerification
{
    /// <summary>Gets the kind, e.g. <c>verification_otp</c>, <c>verification_from_oauth</c>, <c>verification_admin</c>.</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the status: <c>unverified</c>, <c>verified</c>, <c>failed</c>, <c>expired</c>, ...</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Gets the strategy, e.g. <c>email_code</c>, <c>from_oauth_google</c>, <c>admin</c>.</summary>
    [JsonPropertyName("strategy")]
    public string? Strategy { get; init; }

    /// <summary>Gets the number of attempts, when reported.</summary>
    [JsonPropertyName("attempts")]
    public int? Attempts { get; init; }

    /// <summary>Gets when the verification expires, Unix milliseconds.</summary>
    [JsonPropertyName("expire_at")]
    public long? ExpireAt { get; init; }

    /// <summary>Gets a value indicating whether <see cref="Status"/> is <c>verified</c>.</summary>
    [JsonIgnore]
    public bool IsVerified => Status == "verified";
}
