using Microsoft.Extensions.Logging;

namespace Steadfast.Server.AspNetCore.Webhooks;

/// <summary>Source-generated log messages of the server's webhook sources (event ids 5110–5119; deliveries log through the shared 5100–5109).</summary>
internal static partial class WebhookSourceLog
{
    [LoggerMessage(EventId = 5110, Level = LogLevel.Information, Message = "Webhook source {Name}: POST {Path}, verification {Verification}, transform {Transform}")]
    public static partial void Configured(ILogger logger, string name, string path, string verification, string transform);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Warning, Message = "Webhook source {Name} verifies no signatures: in start mode anyone who knows {Path} can create events through it. Give it a signing secret, or make sure its transform checks the sender")]
    public static partial void Unverified(ILogger logger, string name, string path);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Information, Message = "Webhook delivery to unknown source {Name} answered 404")]
    public static partial void UnknownSource(ILogger logger, string name);
}
