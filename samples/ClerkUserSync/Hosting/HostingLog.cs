namespace ClerkUserSync.Hosting;

/// <summary>Source-generated log messages of the sample's hosting (event ids 9150–9199).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 9150, Level = LogLevel.Information, Message = "Functions at {ServeUrl} synced with the Steadfast server at {ServerUrl}")]
    public static partial void Synced(ILogger logger, Uri serveUrl, Uri serverUrl);
}
