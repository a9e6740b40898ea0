namespace Steadfast.Bench.Clerk;

/// <summary>The request kinds measured side by side.</summary>
internal sealed record BenchKind(string Label, string Path, bool Webhook)
{
    public static readonly BenchKind AppEndpoint = new("Clerk webhook, app endpoint MapClerkWebhook (IEventSender)", BenchServer.WebhookPath, true);

    public static readonly BenchKind ServerSource = new("Clerk webhook, server source /webhooks/clerk", BenchServer.SourcePath, true);

    public static readonly BenchKind PlainEvent = new("plain event POST /e/{key}", "/e/bench", false);

    public static readonly BenchKind[] All = [AppEndpoint, ServerSource, PlainEvent];

    public static BenchKind Parse(string name) => name switch
    {
        "app" => AppEndpoint,
        "source" => ServerSource,
        "plain" => PlainEvent,
        _ => throw new ArgumentException($"--kinds takes app, source and plain, got '{name}'"),
    };
}
