using System.Text.Json;
using Steadfast.Expressions;
using Steadfast.Protocol.Sync;
using Steadfast.Protocol.Time;

namespace Steadfast.Engine.FlowControl;

/// <summary>
/// Parses and validates the flow-control fields of a function configuration in Inngest's JSON shape (reference §2.2).
/// Used at sync (an error refuses the sync with 400 and the reason) and for in-process functions (an error fails
/// start-up), so both paths accept exactly the same settings.
/// </summary>
public static class FlowControlParser
{
    /// <summary>Most events in one batch.</summary>
    public const int MaxBatchSize = 100;

    /// <summary>Most concurrency limits per function.</summary>
    public const int MaxConcurrencyLimits = 2;

    private static readonly string[] EventVariable = ["event"];

    /// <summary>Parses the flow control of <paramref name="config"/>; false with the reason when a setting is invalid.</summary>
    public static bool TryParse(FunctionConfig config, out FlowControl flow, out string? error)
    {
        ArgumentNullException.ThrowIfNull(config);
        flow = FlowControl.None;
        try
        {
            flow = new FlowControl
            {
                Idempotency = config.Idempotency is { Length: > 0 } idem ? Cel(idem, "idempotency") : null,
                RateLimit = Object(config.RateLimit, "rateLimit") is { } rl ? Rate(rl, "rateLimit", throttle: false) : null,
                Throttle = Object(config.Throttle, "throttle") is { } th ? Rate(th, "throttle", throttle: true) : null,
                Concurrency = Concurrency(config.Concurrency),
                Debounce = Object(config.Debounce, "debounce") is { } db ? Debounce(db) : null,
                Batch = Object(config.BatchEvents, "batchEvents") is { } be ? Batch(be) : null,
                Priority = Object(config.Priority, "priority") is { } pr ? OptionalCel(pr, "run", "priority.run") : null,
                Singleton = Object(config.Singleton, "singleton") is { } si ? Singleton(si) : null,
                StartTimeout = Object(config.Timeouts, "timeouts") is { } t1 ? OptionalDuration(t1, "start", "timeouts.start", TimeSpan.FromSeconds(1), Durations.Max) : null,
                FinishTimeout = Object(config.Timeouts, "timeouts") is { } t2 ? OptionalDuration(t2, "finish", "timeouts.finish", TimeSpan.FromSeconds(1), Durations.Max) : null,
            };
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Parses or throws <see cref="ArgumentException"/> with the reason.</summary>
    public static FlowControl Parse(FunctionConfig config) =>
        TryParse(config, out var flow, out var error) ? flow : throw new ArgumentException(error);

    private static JsonElement? Object(JsonElement? value, string name) => value switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.Object } v => v,
        _ => throw new FormatException($"{name} must be an object"),
    };

    private static RateSettings Rate(JsonElement e, string name, bool throttle)
    {
        var limit = Int(e, "limit", $"{name}.limit", 1, int.MaxValue) ?? throw new FormatException($"{name}.limit is required");
        var period = OptionalDuration(e, "period", $"{name}.period", TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)) ?? throw new FormatException($"{name}.period is required");
        var burst = throttle ? Int(e, "burst", $"{name}.burst", 0, 10_000) ?? 0 : 0;
        return new RateSettings(limit, period, OptionalCel(e, "key", $"{name}.key"), burst);
    }

    private static List<ConcurrencySettings> Concurrency(JsonElement? value)
    {
        var list = new List<ConcurrencySettings>();
        switch (value)
        {
            case null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                return list;
            case { ValueKind: JsonValueKind.Number } n:
                if (!n.TryGetInt32(out var limit) || limit < 0)
                {
                    throw new FormatException("concurrency must be a non-negative integer");
                }

                if (limit > 0)
                {
                    list.Add(new ConcurrencySettings(limit));
                }

                return list;
            case { ValueKind: JsonValueKind.Object } o:
                AddConcurrency(list, o, "concurrency");
                return list;
            case { ValueKind: JsonValueKind.Array } a:
                if (a.GetArrayLength() > MaxConcurrencyLimits)
                {
                    throw new FormatException($"concurrency has {a.GetArrayLength()} limits; at most {MaxConcurrencyLimits} are allowed");
                }

                var i = 0;
                foreach (var entry in a.EnumerateArray())
                {
                    if (entry.ValueKind != JsonValueKind.Object)
                    {
                        throw new FormatException($"concurrency[{i}] must be an object");
                    }

                    AddConcurrency(list, entry, $"concurrency[{i++}]");
                }

                return list;
            default:
                throw new FormatException("concurrency must be a number, an object or an array of one or two objects");
        }
    }

    private static void AddConcurrency(List<ConcurrencySettings> list, JsonElement e, string name)
    {
        var limit = Int(e, "limit", $"{name}.limit", 0, int.MaxValue) ?? throw new FormatException($"{name}.limit is required");
        var scope = OptionalString(e, "scope", $"{name}.scope") ?? "fn";
        if (scope is not ("fn" or "env" or "account"))
        {
            throw new FormatException($"{name}.scope must be 'fn', 'env' or 'account', got '{scope}'");
        }

        var key = OptionalCel(e, "key", $"{name}.key");
        if (scope != "fn" && key is null)
        {
            throw new FormatException($"{name}: a concurrency limit with scope '{scope}' needs a key");
        }

        if (limit > 0)
        {
            list.Add(new ConcurrencySettings(limit, key, scope));
        }
    }

    private static DebounceSettings Debounce(JsonElement e)
    {
        var period = OptionalDuration(e, "period", "debounce.period", TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)) ?? throw new FormatException("debounce.period is required");
        var timeout = OptionalDuration(e, "timeout", "debounce.timeout", TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
        return new DebounceSettings(period, OptionalCel(e, "key", "debounce.key"), timeout);
    }

    private static BatchSettings Batch(JsonElement e)
    {
        var max = Int(e, "maxSize", "batchEvents.maxSize", 1, MaxBatchSize) ?? throw new FormatException("batchEvents.maxSize is required");
        var timeout = OptionalDuration(e, "timeout", "batchEvents.timeout", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)) ?? throw new FormatException("batchEvents.timeout is required");
        return new BatchSettings(max, timeout, OptionalCel(e, "key", "batchEvents.key"), OptionalCel(e, "if", "batchEvents.if"));
    }

    private static SingletonSettings Singleton(JsonElement e)
    {
        var mode = OptionalString(e, "mode", "singleton.mode") ?? throw new FormatException("singleton.mode is required ('skip' or 'cancel')");
        return mode switch
        {
            "skip" => new SingletonSettings(false, OptionalCel(e, "key", "singleton.key")),
            "cancel" => new SingletonSettings(true, OptionalCel(e, "key", "singleton.key")),
            _ => throw new FormatException($"singleton.mode must be 'skip' or 'cancel', got '{mode}'"),
        };
    }

    private static int? Int(JsonElement e, string property, string name, int min, int max)
    {
        if (!e.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var n) || n < min || n > max)
        {
            throw new FormatException($"{name} must be an integer between {min} and {max}, got {v.GetRawText()}");
        }

        return n;
    }

    private static string? OptionalString(JsonElement e, string property, string name)
    {
        if (!e.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new FormatException($"{name} must be a string");
    }

    private static string? OptionalCel(JsonElement e, string property, string name) =>
        OptionalString(e, property, name) is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s) ? Cel(s, name) : null;

    private static string Cel(string expression, string name) =>
        ExpressionCompiler.Validate(expression, EventVariable) is { } error
            ? throw new FormatException($"{name}: invalid expression '{expression}': {error.Message}")
            : expression;

    private static TimeSpan? OptionalDuration(JsonElement e, string property, string name, TimeSpan min, TimeSpan max)
    {
        if (!e.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"{name} must be a duration string such as \"10s\" or \"1h\"");
        }

        if (!Durations.TryParse(v.GetString(), out var span, out var error))
        {
            throw new FormatException($"{name}: {error}");
        }

        if (span < min || span > max)
        {
            throw new FormatException($"{name} must be between {Durations.Format(min)} and {Durations.Format(max)}, got {v.GetString()}");
        }

        return span;
    }
}
