using Microsoft.Extensions.Logging;
using Steadfast.Clerk.Events;

namespace Steadfast.Clerk.AspNetCore;

/// <summary>Source-generated log messages of webhook endpoints and sources (event ids 5100–5109; the server's sources add 5110–5119).</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Debug, Message = "Webhook {Endpoint}: delivery {SvixId} accepted as {EventName} ({EventCount} events, first id {EventId})")]
    public static partial void Accepted(ILogger logger, string endpoint, string? svixId, string eventName, int eventCount, string eventId);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Webhook {Endpoint}: delivery rejected with {StatusCode} ({Reason}): {Message} [svix-id {SvixId}]")]
    public static partial void Rejected(ILogger logger, string endpoint, int statusCode, string reason, string message, string? svixId);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "Webhook {Endpoint}: delivery {SvixId} could not be committed; answering 500 so the sender retries")]
    public static partial void CommitFailed(ILogger logger, Exception exception, string endpoint, string? svixId);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Webhook {Endpoint}: delivery {SvixId}: the envelope timestamp was adjusted ({Correction})")]
    public static partial void TimestampCorrected(ILogger logger, string endpoint, string svixId, ClerkTimestampCorrection correction);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information, Message = "Webhook {Endpoint}: delivery {SvixId} committed no event: {Message}")]
    public static partial void Filtered(ILogger logger, string endpoint, string? svixId, string message);
}
