using System.Text.Json;
using Steadfast.Engine.Functions;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Ids;

namespace Steadfast.Engine.Events;

/// <summary>Fan-out: turns a stored event into one candidate run per matching function, each deduplicated by event id.</summary>
public sealed class RunPlanner
{
    private readonly FunctionCatalog _catalog;
    private readonly IExpressionFilter? _filter;
    private readonly UlidGenerator _ids;
    private readonly EngineOptions _options;

    /// <summary>Creates the planner.</summary>
    public RunPlanner(FunctionCatalog catalog, UlidGenerator ids, EngineOptions options, IExpressionFilter? filter = null)
    {
        _catalog = catalog;
        _ids = ids;
        _options = options;
        _filter = filter;
    }

    /// <summary>Adds the event and the runs it starts to <paramref name="commit"/>.</summary>
    public void Plan(StoredEvent stored, JsonElement normalized, long now, EventCommit commit)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(commit);
        commit.Events.Add(stored);
        var matches = _catalog.Match(stored.Name);
        if (matches.Count == 0)
        {
            return;
        }

        HashSet<string>? started = null;
        foreach (var (function, trigger) in matches)
        {
            // A function with several matching triggers still starts once per event.
            if (started?.Contains(function.Id) == true)
            {
                continue;
            }

            if (trigger.Expression is { Length: > 0 } expression && (_filter is null || !_filter.Matches(expression, normalized)))
            {
                continue;
            }

            (started ??= new HashSet<string>(StringComparer.Ordinal)).Add(function.Id);
            var run = new RunRecord
            {
                RunId = _ids.Next(),
                FunctionId = function.Id,
                EventId = stored.InternalId,
                EventIds = [stored.InternalId],
                Status = RunStatus.Queued,
                CreatedAt = now,
            };
            commit.Runs.Add(new NewRun(run, $"{function.Id}\n{stored.Id}", now + (long)_options.IdempotencyWindow.TotalMilliseconds));
        }
    }
}
