using System.Collections.Concurrent;
using Steadfast.Server.AspNetCore.Sync;

namespace Steadfast.Server.AspNetCore.Endpoints.Operations;

/// <summary>The latest resync outcome per app URL, kept in memory so the dashboard can show sync errors.</summary>
internal sealed class SyncAttemptLog
{
    private readonly ConcurrentDictionary<string, Attempt> _latest = new(StringComparer.Ordinal);

    public void Record(Attempt attempt) => _latest[attempt.Url] = attempt;

    public IReadOnlyList<Attempt> Latest() => [.. _latest.Values.OrderByDescending(a => a.At)];

    public sealed record Attempt(string Url, string? AppId, long At, SyncResult Result);
}
