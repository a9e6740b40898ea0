using System.Text.Json;
using Steadfast.Engine.Functions;
using Steadfast.Engine.Pauses;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Ids;

namespace Steadfast.Engine.Events;

/// <summary>
/// Fan-out and matching for every committed event: one candidate run per matching function (deduplicated by event id),
/// the <c>cancelOn</c> pauses of those runs, and the pending pauses (waits, invokes, cancellations) the event resumes.
/// </summary>
public sealed class RunPlanner
{
    private const string InvokedEvent = "inngest/function.invoked";
    private static readonly TimeSpan DefaultPauseTimeout = TimeSpan.FromDays(365);
    private readonly FunctionCatalog _catalog;
    private readonly IExpressionFilter? _filter;
    private readonly UlidGenerator _ids;
    private readonly EngineOptions _options;
    private readonly PauseIndex? _pauses;

    /// <summary>Creates the planner.</summary>
    public RunPlanner(FunctionCatalog catalog, UlidGenerator ids, EngineOptions options, IExpressionFilter? filter = null, PauseIndex? pauses = null)
    {
        _catalog = catalog;
        _ids = ids;
        _options = options;
        _filter = filter;
        _pauses = pauses;
    }

    /// <summary>Adds the event, the runs it starts and the pauses it resumes to <paramref name="commit"/>.</summary>
    public void Plan(StoredEvent stored, JsonElement normalized, long now, EventCommit commit)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(commit);
        commit.Events.Add(stored);
        MatchPauses(stored, normalized, commit);
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
            AddRun(function, stored, [stored.InternalId], $"{function.Id}\n{stored.Id}", now, commit, normalized);
        }
    }

    /// <summary>Adds a run of <paramref name="function"/> for <paramref name="trigger"/> regardless of triggers (invoke).</summary>
    public string AddRun(EngineFunction function, StoredEvent trigger, IReadOnlyList<string> eventIds, string? idempotencyKey, long now, EventCommit commit) =>
        AddRun(function, trigger, eventIds, idempotencyKey, now, commit, null);

    private string AddRun(EngineFunction function, StoredEvent trigger, IReadOnlyList<string> eventIds, string? idempotencyKey, long now, EventCommit commit, JsonElement? normalized)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(commit);
        var run = new RunRecord
        {
            RunId = _ids.Next(),
            FunctionId = function.Id,
            EventId = eventIds[0],
            EventIds = eventIds,
            Status = RunStatus.Queued,
            CreatedAt = now,
        };
        commit.Runs.Add(new NewRun(run, idempotencyKey, now + (long)_options.IdempotencyWindow.TotalMilliseconds)
        {
            Flow = Flow(function, trigger, normalized, now),
        });
        for (var i = 0; i < function.Cancel.Count; i++)
        {
            var c = function.Cancel[i];
            var pause = new PauseRecord
            {
                Id = $"{run.RunId}:cancel:{i}",
                RunId = run.RunId,
                Kind = PauseKind.Cancel,
                EventName = c.Event,
                Expression = c.If,
                TriggerJson = trigger.Json,
                CreatedAt = now,
                ExpiresAt = now + (long)(c.Timeout ?? DefaultPauseTimeout).TotalMilliseconds,
            };
            commit.Pauses.Add(pause);
            _pauses?.Add(pause);
        }

        return run.RunId;
    }

    /// <summary>The run's flow control; invoked runs start alone (no debounce or batch).</summary>
    private static RunFlow Flow(EngineFunction function, StoredEvent trigger, JsonElement? normalized, long now)
    {
        if (ReferenceEquals(function.FlowControl, FlowControl.FlowControl.None))
        {
            return FlowControl.FlowPlanner.Plan(function, default, now);
        }

        var invoked = trigger.Name == InvokedEvent;
        if (normalized is { } e)
        {
            return FlowControl.FlowPlanner.Plan(function, e, now, allowPending: !invoked);
        }

        using var doc = JsonDocument.Parse(trigger.Json);
        return FlowControl.FlowPlanner.Plan(function, doc.RootElement.Clone(), now, allowPending: !invoked);
    }

    /// <summary>Index clean-up after the commit: consumed pauses and the cancellations of runs that were not created.</summary>
    public void Committed(EventCommit commit, EventCommitResult? result)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (_pauses is null)
        {
            return;
        }

        foreach (var resume in commit.Resumes)
        {
            _pauses.Remove(resume.Pause.Id);
        }

        foreach (var pause in commit.Pauses)
        {
            if (result is null || !result.CreatedRunIds.Contains(pause.RunId))
            {
                _pauses.Remove(pause.Id);
            }
        }
    }

    private void MatchPauses(StoredEvent stored, JsonElement normalized, EventCommit commit)
    {
        if (_pauses is null || _pauses.Count == 0)
        {
            return;
        }

        foreach (var pause in _pauses.Match(stored.Name, normalized))
        {
            if (commit.Resumes.Exists(r => r.Pause.Id == pause.Id))
            {
                continue;
            }

            commit.Resumes.Add(new PauseResume(pause, pause.Kind switch
            {
                PauseKind.WaitForEvent => stored.Json,
                PauseKind.Invoke => InvokeResult(normalized),
                _ => null,
            }));
        }
    }

    /// <summary>The memo of an invoke step from the invoked run's <c>function.finished</c> event.</summary>
    private static string InvokeResult(JsonElement finished)
    {
        var data = finished.GetProperty("data");
        return data.TryGetProperty("error", out var error)
            ? $"{{\"error\":{error.GetRawText()}}}"
            : $"{{\"data\":{(data.TryGetProperty("result", out var result) ? result.GetRawText() : "null")}}}";
    }
}
