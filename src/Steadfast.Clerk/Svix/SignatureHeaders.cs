namespace Steadfast.Clerk.Svix;

/// <summary>Reads the id, timestamp and signature headers: the <c>svix-*</c> trio, else the <c>webhook-*</c> trio as a whole.</summary>
internal readonly record struct SignatureHeaders(
    string? Id,
    string? Timestamp,
    string? Signature,
    string IdHeader,
    string TimestampHeader,
    string SignatureHeader,
    WebhookVerificationResult? Failure)
{
    private static readonly string[] SvixNames = [SvixHeaderNames.SvixId, SvixHeaderNames.SvixTimestamp, SvixHeaderNames.SvixSignature];
    private static readonly string[] WebhookNames = [SvixHeaderNames.WebhookId, SvixHeaderNames.WebhookTimestamp, SvixHeaderNames.WebhookSignature];

    public static SignatureHeaders Read(WebhookHeaders headers, int maxLength)
    {
        // Duplicates and oversize values are rejected in either family before a family is chosen, so a second
        // svix-signature line can never be silently ignored in favour of the webhook-* trio.
        foreach (var name in SvixNames.Concat(WebhookNames))
        {
            var values = headers.GetValues(name);
            if (values.Count > 1)
            {
                return Fail(WebhookVerificationFailure.DuplicateHeader, $"The {name} header was sent more than once.", name);
            }

            if (values.Count == 1 && values[0].Length > maxLength)
            {
                return Fail(WebhookVerificationFailure.HeaderTooLong, $"The {name} header is longer than {maxLength} characters.", name);
            }
        }

        var svix = Values(headers, SvixNames);
        if (Complete(svix))
        {
            return new(svix[0], svix[1], svix[2], SvixNames[0], SvixNames[1], SvixNames[2], null);
        }

        var webhook = Values(headers, WebhookNames);
        if (Complete(webhook))
        {
            return new(webhook[0], webhook[1], webhook[2], WebhookNames[0], WebhookNames[1], WebhookNames[2], null);
        }

        // Name the missing headers of the family the sender evidently used (svix-* unless only webhook-* appear).
        var useWebhookFamily = svix.All(string.IsNullOrEmpty) && webhook.Any(v => !string.IsNullOrEmpty(v));
        var (names, values2) = useWebhookFamily ? (WebhookNames, webhook) : (SvixNames, svix);
        var missing = names.Where((_, i) => string.IsNullOrEmpty(values2[i])).ToArray();
        return Fail(
            WebhookVerificationFailure.MissingHeaders,
            $"Missing required webhook headers: {string.Join(", ", missing)}.",
            string.Join(", ", missing));
    }

    private static string?[] Values(WebhookHeaders headers, string[] names) =>
        [headers.GetSingle(names[0]), headers.GetSingle(names[1]), headers.GetSingle(names[2])];

    private static bool Complete(string?[] values) => values.All(v => !string.IsNullOrWhiteSpace(v));

    private static SignatureHeaders Fail(WebhookVerificationFailure failure, string message, string header) =>
        new(null, null, null, SvixNames[0], SvixNames[1], SvixNames[2], WebhookVerificationResult.Fail(failure, message, header));
}
