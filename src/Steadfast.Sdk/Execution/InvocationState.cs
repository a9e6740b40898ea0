using System.Text.Json;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Ids;

namespace Steadfast.Sdk.Execution;

/// <summary>The replay state of one call: memoized steps, steps found so far, id collision counters.</summary>
internal sealed class InvocationState
{
    private readonly Dictionary<string, int> _idUses = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly int _replayableMemos;
    private int _memoHits;

    public InvocationState(CallRequest request, JsonSerializerOptions json, Action wake)
    {
        Request = request;
        Json = json;
        Wake = wake;

        // {"input":…} entries are edited inputs of steps that have not run; they are never replayed, so they must not
        // keep IsReplaying true for the rest of the call.
        foreach (var memo in request.Steps.Values)
        {
            if (MemoValue.Parse(memo).Kind != MemoKind.Input)
            {
                _replayableMemos++;
            }
        }
    }

    public CallRequest Request { get; }

    public JsonSerializerOptions Json { get; }

    public Action Wake { get; }

    public string RunId => Request.Ctx.RunId;

    public int Attempt => Request.Ctx.Attempt;

    public List<FoundStep> Found { get; } = [];

    /// <summary>True while the handler is still replaying steps that already have results.</summary>
    public bool IsReplaying => Volatile.Read(ref _memoHits) < _replayableMemos && Found.Count == 0;

    public IEventSender? Events { get; init; }

    /// <summary>The clock of the host (the engine's, or a test's fake clock).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Assigns the hashed id for the next use of <paramref name="userId"/>.</summary>
    public (string Hashed, int Index) NextId(string userId)
    {
        lock (_gate)
        {
            _idUses.TryGetValue(userId, out var index);
            _idUses[userId] = index + 1;
            return (StepIds.Hash(StepIds.WithCollisionIndex(userId, index)), index);
        }
    }

    public bool TryGetMemo(string hashedId, out MemoValue memo)
    {
        if (Request.Steps.TryGetValue(hashedId, out var raw))
        {
            memo = MemoValue.Parse(raw);
            if (memo.Kind != MemoKind.Input)
            {
                Interlocked.Increment(ref _memoHits);
                return true;
            }
        }

        memo = default;
        return false;
    }

    public void AddFound(FoundStep step)
    {
        lock (_gate)
        {
            Found.Add(step);
        }

        Wake();
    }

    public FoundStep[] SnapshotFound()
    {
        lock (_gate)
        {
            return [.. Found];
        }
    }
}
