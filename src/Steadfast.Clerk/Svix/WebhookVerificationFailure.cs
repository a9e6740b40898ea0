namespace Steadfast.Clerk.Svix;

/// <summary>Why a webhook delivery failed verification. Every value except <see cref="None"/> means "reject with 4xx".</summary>
public enum WebhookVerificationFailure
{
    /// <summary>The delivery verified.</summary>
    None = 0,

    /// <summary>One or more of the id, timestamp and signature headers is missing or empty (in both the <c>svix-*</c> and <c>webhook-*</c> families).</summary>
    MissingHeaders,

    /// <summary>A signature header was sent more than once; values are never comma-joined and re-parsed.</summary>
    DuplicateHeader,

    /// <summary>A header value is longer than <see cref="SvixVerificationOptions.MaxHeaderLength"/>.</summary>
    HeaderTooLong,

    /// <summary>The message id contains a character that would make the signed content ambiguous (a full stop or a control character).</summary>
    InvalidMessageId,

    /// <summary>The timestamp header is not a plain non-negative decimal integer of seconds (no sign, spaces or trailing text).</summary>
    InvalidTimestamp,

    /// <summary>The timestamp is older than now minus the tolerance.</summary>
    TimestampTooOld,

    /// <summary>The timestamp is newer than now plus the tolerance.</summary>
    TimestampTooNew,

    /// <summary>The signature header carries more entries than <see cref="SvixVerificationOptions.MaxSignatures"/>.</summary>
    TooManySignatures,

    /// <summary>The body is larger than <see cref="SvixVerificationOptions.MaxBodyBytes"/>.</summary>
    BodyTooLarge,

    /// <summary>No <c>v1</c> entry of the signature header matches any configured secret.</summary>
    NoMatchingSignature,

    /// <summary>The configured secret is empty or not valid base64 (only reported by the per-call secret overload).</summary>
    InvalidSecret,
}
