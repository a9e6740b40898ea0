using System.Text.Json;
using Steadfast.Protocol.Calls;

namespace Steadfast.Sdk.Testing;

/// <summary>Everything the simulated engine saw of one step of a run: its attempts and its recorded result.</summary>
public sealed class StepHistory
{
    private readonly List<StepAttempt> _attempts = [];
    private readonly JsonSerializerOptions _json;

    internal StepHistory(string id, string hashedId, StepKind kind, JsonSerializerOptions json)
    {
        Id = id;
        HashedId = hashedId;
        Kind = kind;
        _json = json;
    }

    /// <summary>The user's step id; repeats of an id in one run are <c>id:1</c>, <c>id:2</c>, ….</summary>
    public string Id { get; }

    /// <summary>The hashed id the engine stores the result under.</summary>
    public string HashedId { get; }

    /// <summary>What kind of step it is.</summary>
    public StepKind Kind { get; }

    /// <summary>Attempts of a run-type step, in order; empty for sleeps and waits.</summary>
    public IReadOnlyList<StepAttempt> Attempts => _attempts;

    /// <summary>True once the engine has recorded a result (data, error, or a woken sleep or wait).</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>The recorded result (<c>data</c>, the matched event for waits, JSON null for sleeps and timeouts).</summary>
    public JsonElement? Output { get; private set; }

    /// <summary>The recorded final error, when the step failed for good.</summary>
    public SerializedError? Error { get; private set; }

    /// <summary>Deserializes <see cref="Output"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">The step has no successful result.</exception>
    public T? OutputAs<T>() =>
        Output is { } output && Error is null
            ? output.Deserialize<T>(_json)
            : throw new InvalidOperationException($"Step '{Id}' has no result{(Error is null ? "" : $"; it failed with {Error}")}.");

    internal void AddAttempt(StepAttempt attempt) => _attempts.Add(attempt);

    internal void Complete(JsonElement? output, SerializedError? error)
    {
        IsCompleted = true;
        Output = output;
        Error = error;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} '{Id}' ({_attempts.Count} attempt(s){(Error is null ? "" : ", failed")})";
}
