using Microsoft.Extensions.Logging;
using Steadfast.Clerk.Events;

namespace Steadfast.Clerk.AspNetCore;

/// <summary>Source-generated log messages of the Clerk webhook endpoint (event ids 5100–5199).</summary>
internal static partial class ClerkWebhookLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Debug, Message = "Clerk webhook {SvixId} accepted as {EventName} (event {EventId})")]
    public static partial void Accepted(ILogger logger, string svixId, string eventName, string eventId);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Clerk webhook rejected with {StatusCode} ({Reason}): {Message} [svix-id {SvixId}]")]
    public static partial void Rejected(ILogger logger, int statusCode, string reason, string message, string? svixId);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "Clerk webhook {SvixId} could not be committed; answering 500 so Svix retries")]
    public static partial void CommitFailed(ILogger logger, Exception exception, string svixId);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Clerk webhook {SvixId}: the envelope timestamp was adjusted ({Correction})")]
    public static partial void TimestampCorrected(ILogger logger, string svixId, ClerkTimestampCorrection correction);
}
