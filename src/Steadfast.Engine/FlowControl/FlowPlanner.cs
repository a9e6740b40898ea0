using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Steadfast.Engine.Functions;
using Steadfast.Engine.Storage;
using Steadfast.Expressions;

namespace Steadfast.Engine.FlowControl;

/// <summary>
/// Turns a function's <see cref="FlowControl"/> and one triggering event into the <see cref="RunFlow"/> the store
/// decides atomically: evaluates every CEL key against the event and builds store keys that include the function id
/// (or the scope, for env/account concurrency). A key expression that fails to evaluate yields the empty key value.
/// </summary>
public static class FlowPlanner
{
    /// <summary>Priority bounds in seconds.</summary>
    public const int MaxPrioritySeconds = 600;

    private static readonly TimeSpan IdempotencyPeriod = TimeSpan.FromHours(24);

    /// <summary>The flow of a run of <paramref name="function"/> triggered by <paramref name="event"/> at <paramref name="now"/>.</summary>
    /// <param name="function">The function.</param>
    /// <param name="event">The normalized triggering event.</param>
    /// <param name="now">Now (unix ms).</param>
    /// <param name="allowPending">False for runs that must start alone (invoke): no debounce or batching.</param>
    public static RunFlow Plan(EngineFunction function, JsonElement @event, long now, bool allowPending = true)
    {
        ArgumentNullException.ThrowIfNull(function);
        var f = function.FlowControl;
        var id = function.Id;
        var startAt = now;
        PendingRule? pending = null;
        if (allowPending && f.Debounce is { } debounce)
        {
            var delay = Ms(debounce.Period);
            long? max = debounce.Timeout is { } t ? Ms(t) : null;
            pending = new PendingRule($"debounce:{id}:{Value(debounce.Key, @event)}", true, delay, max);
            startAt = now + Math.Min(delay, max ?? long.MaxValue);
        }
        else if (allowPending && f.Batch is { } batch && (batch.If is null || Matches(batch.If, @event)))
        {
            pending = new PendingRule($"batch:{id}:{Value(batch.Key, @event)}", false, MaxSize: batch.MaxSize);
            startAt = batch.MaxSize > 1 ? now + Ms(batch.Timeout) : now;
        }
        else if (f.Priority is { } priority)
        {
            startAt = now - (Priority(priority, @event) * 1000L);
        }

        var drops = new List<GcraLimit>(2);
        if (f.Idempotency is { } idem)
        {
            drops.Add(new GcraLimit($"idem:{id}:{Value(idem, @event)}", 1, Ms(IdempotencyPeriod)));
        }

        if (f.RateLimit is { } rate)
        {
            drops.Add(new GcraLimit($"rate:{id}:{Value(rate.Key, @event)}", rate.Limit, Ms(rate.Period)));
        }

        var queuedAt = Math.Max(now, startAt);
        return new RunFlow
        {
            StartAt = startAt,
            Drops = drops,
            Throttle = f.Throttle is { } th ? new GcraLimit($"throttle:{id}:{Value(th.Key, @event)}", th.Limit, Ms(th.Period), th.Burst) : null,
            Concurrency = Concurrency(function, @event),
            Singleton = f.Singleton is { } s ? new SingletonRule($"singleton:{id}:{Value(s.Key, @event)}", s.Cancel) : null,
            Pending = pending,
            StartTimeoutAt = f.StartTimeout is { } start ? queuedAt + Ms(start) : null,
            FinishCheckAt = f.FinishTimeout is { } finish ? queuedAt + Ms(finish) : null,
        };
    }

    private static List<ConcurrencyKey> Concurrency(EngineFunction function, JsonElement @event)
    {
        var limits = function.FlowControl.Concurrency;
        if (limits.Count == 0)
        {
            return [new ConcurrencyKey($"fn:{function.Id}", FlowControl.DefaultConcurrency)];
        }

        var keys = new List<ConcurrencyKey>(limits.Count);
        foreach (var c in limits)
        {
            var key = (c.Scope, c.Key) switch
            {
                ("fn", null) => $"fn:{function.Id}",
                ("fn", { } expr) => $"fn:{function.Id}:{expr}:{Value(expr, @event)}",
                (var scope, var expr) => $"{scope}:{expr}:{Value(expr, @event)}",
            };
            keys.Add(new ConcurrencyKey(key, c.Limit));
        }

        return keys;
    }

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;

    private static bool Matches(string expression, JsonElement @event) =>
        ExpressionCompiler.TryCompile(expression, out var compiled, out _) && compiled!.EvaluateBool(new ExpressionContext(@event)) == true;

    private static long Priority(string expression, JsonElement @event)
    {
        if (!ExpressionCompiler.TryCompile(expression, out var compiled, out _))
        {
            return 0;
        }

        var value = compiled!.Evaluate(new ExpressionContext(@event));
        double seconds = value.Kind switch
        {
            CelValueKind.Int => value.AsInt64(),
            CelValueKind.Uint => value.AsUInt64(),
            CelValueKind.Double => value.AsDouble(),
            _ => 0,
        };
        return double.IsNaN(seconds) ? 0 : (long)Math.Clamp(seconds, -MaxPrioritySeconds, MaxPrioritySeconds);
    }

    /// <summary>The key value of <paramref name="expression"/> for the event; empty for no expression or an error.</summary>
    private static string Value(string? expression, JsonElement @event)
    {
        if (expression is null || !ExpressionCompiler.TryCompile(expression, out var compiled, out _))
        {
            return "";
        }

        var value = compiled!.Evaluate(new ExpressionContext(@event));
        var text = value.IsError ? "" : value.Kind == CelValueKind.String ? value.AsString() : value.ToJsonString();
        return text.Length <= 64 ? text : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
