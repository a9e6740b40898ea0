using Microsoft.Extensions.Logging;

namespace Steadfast.Sdk.AspNetCore;

/// <summary>Log messages of the serve endpoint, event ids 4100–4199.</summary>
internal static partial class ServeLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Error, Message = "Steadfast serve endpoint is in cloud mode without a signing key: every request is answered 500. Set INNGEST_SIGNING_KEY, or INNGEST_DEV=1 for local development.")]
    public static partial void CloudModeWithoutKey(ILogger logger);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Steadfast serve endpoint at {Pattern} in {Mode} mode, server {ApiBaseUrl}, {FunctionCount} function(s).")]
    public static partial void Mapped(ILogger logger, string pattern, string mode, Uri apiBaseUrl, int functionCount);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "Rejected a {Method} request with an invalid signature: {Reason}.")]
    public static partial void SignatureRejected(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "Synced {FunctionCount} function(s) to {RegisterUrl} as {ServeUrl}: status {Status}, modified {Modified}.")]
    public static partial void Synced(ILogger logger, int functionCount, Uri registerUrl, string serveUrl, int status, bool modified);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Error, Message = "Sync to {RegisterUrl} failed.")]
    public static partial void SyncFailed(ILogger logger, Exception exception, Uri registerUrl);

    [LoggerMessage(EventId = 4130, Level = LogLevel.Warning, Message = "Call to {FunctionId} could not be read: {Reason}.")]
    public static partial void BadCall(ILogger logger, string functionId, string reason);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Error, Message = "Call to {FunctionId} failed inside the serve endpoint.")]
    public static partial void CallCrashed(ILogger logger, Exception exception, string functionId);

    [LoggerMessage(EventId = 4140, Level = LogLevel.Warning, Message = "Sending {Count} event(s) failed on attempt {Attempt}; retrying in {Delay}.")]
    public static partial void EventSendRetry(ILogger logger, Exception? exception, int count, int attempt, TimeSpan delay);
}
