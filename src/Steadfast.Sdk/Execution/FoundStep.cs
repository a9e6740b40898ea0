using System.Text.Json;
using Steadfast.Protocol.Calls;

namespace Steadfast.Sdk.Execution;

/// <summary>A step reached in this call that has no memoized result yet.</summary>
internal sealed class FoundStep
{
    public required string HashedId { get; init; }

    public required string UserId { get; init; }

    public required int Index { get; init; }

    public required string Op { get; init; }

    public string? Name { get; init; }

    public JsonElement? Opts { get; init; }

    /// <summary>The body for run-type steps (StepRun, sendEvent); null for async ops like Sleep.</summary>
    public Func<Task<JsonElement>>? Body { get; init; }

    public Opcode ToPlannedOp() => new()
    {
        Op = Body is null ? Op : OpcodeNames.StepPlanned,
        Id = HashedId,
        Name = Name ?? UserId,
        DisplayName = UserId,
        Opts = Opts,
        Userland = new Userland { Id = UserId, Index = Index },
    };
}
