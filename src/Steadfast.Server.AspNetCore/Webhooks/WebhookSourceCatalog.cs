using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Steadfast.Clerk.AspNetCore;
using Steadfast.Engine.Events;

namespace Steadfast.Server.AspNetCore.Webhooks;

/// <summary>The server's webhook sources by name (and by key, for <c>POST /e/{key}</c>); also what the dashboard lists.</summary>
internal sealed class WebhookSourceCatalog : IWebhookSourceDirectory
{
    private readonly FrozenDictionary<string, WebhookSource> _byName;
    private readonly FrozenDictionary<string, WebhookSource> _byKey;
    private readonly ILogger _logger;
    private long _unknown;

    public WebhookSourceCatalog(IReadOnlyList<WebhookSourceDefinition> definitions, EventIngestor ingestor, TimeProvider time, ILogger<WebhookSourceCatalog> logger)
    {
        var sources = definitions.Select(d => new WebhookSource(d, ingestor, time, logger)).ToArray();
        _byName = sources.ToFrozenDictionary(s => s.Definition.Name, StringComparer.Ordinal);
        _byKey = sources.Where(s => s.Definition.Key is not null).ToFrozenDictionary(s => s.Definition.Key!, StringComparer.Ordinal);
        _logger = logger;
        All = sources;
        Sources = [.. sources.Select(s => s.Info)];
    }

    public IReadOnlyList<WebhookSource> All { get; }

    public IReadOnlyList<WebhookSourceInfo> Sources { get; }

    public long UnknownSourceRequests => Interlocked.Read(ref _unknown);

    public bool HasKeys => _byKey.Count > 0;

    public WebhookSource? FindByKey(string key) => _byKey.GetValueOrDefault(key);

    /// <summary><c>POST /webhooks/{name}</c>: the source's pipeline, or 404 naming the missing source.</summary>
    public Task ReceiveAsync(HttpContext http, string name)
    {
        if (_byName.TryGetValue(name, out var source))
        {
            return source.ReceiveAsync(http);
        }

        Interlocked.Increment(ref _unknown);
        var shown = name.Length > 64 ? name[..64] + "…" : name;
        WebhookSourceLog.UnknownSource(_logger, shown);
        return WebhookReceiver.WriteRejectionAsync(http, 404, "UnknownSource", $"No webhook source is named '{shown}'.");
    }
}
