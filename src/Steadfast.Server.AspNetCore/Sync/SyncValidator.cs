using Steadfast.Engine.Functions;
using Steadfast.Protocol.Sync;

namespace Steadfast.Server.AspNetCore.Sync;

/// <summary>Refuses invalid app configurations with a specific reason (reference §2.2; limits from Inngest).</summary>
internal static class SyncValidator
{
    public const int MaxTriggers = 10;
    public const int MaxRetries = 20;
    public const int MaxCancel = 5;

    public static SyncResult? Validate(AppSync sync, IExpressionFilter? filter)
    {
        if (string.IsNullOrWhiteSpace(sync.AppId))
        {
            return SyncResult.Invalid("App ID required", "app_id_required");
        }

        if (SdkVersionPolicy.Deny(sync.Sdk) is { } denied)
        {
            return SyncResult.Invalid(denied, "sdk_version_denied");
        }

        if (!SyncUrls.TryNormalize(sync.Url, out _))
        {
            return SyncResult.Invalid($"the app URL '{sync.Url}' is not an absolute http(s) URL", "invalid_url");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in sync.Functions)
        {
            if (f is null || string.IsNullOrWhiteSpace(f.Id))
            {
                return SyncResult.Invalid("every function needs an id");
            }

            if (!seen.Add(f.Id))
            {
                return SyncResult.Invalid($"function '{f.Id}' appears twice in the app");
            }

            if (Function(f, filter) is { } error)
            {
                return SyncResult.Invalid($"function '{f.Id}': {error}");
            }
        }

        return null;
    }

    private static string? Function(FunctionConfig f, IExpressionFilter? filter)
    {
        if (f.Triggers.Count > MaxTriggers)
        {
            return $"{f.Triggers.Count} triggers; at most {MaxTriggers} are allowed";
        }

        foreach (var t in f.Triggers)
        {
            if (t is null)
            {
                return "a trigger is null";
            }

            var hasEvent = !string.IsNullOrWhiteSpace(t.Event);
            var hasCron = !string.IsNullOrWhiteSpace(t.Cron);
            if (hasEvent == hasCron)
            {
                return "a trigger needs exactly one of 'event' or 'cron'";
            }

            if (hasCron && CronValidator.Validate(t.Cron!) is { } cronError)
            {
                return cronError;
            }

            if (!string.IsNullOrWhiteSpace(t.Expression) && filter?.Validate(t.Expression) is { } exprError)
            {
                return $"invalid trigger expression '{t.Expression}': {exprError}";
            }
        }

        if (!f.Steps.TryGetValue("step", out var step) || step?.Runtime is null)
        {
            return "missing steps.step with the runtime URL";
        }

        if (!SyncUrls.TryNormalize(step.Runtime.Url, out _))
        {
            return $"steps.step.runtime.url '{step.Runtime.Url}' is not an absolute http(s) URL";
        }

        if (step.Retries is { Attempts: < 0 or > MaxRetries } r)
        {
            return $"retries must be between 0 and {MaxRetries}, got {r.Attempts}";
        }

        if (f.Cancel is { ValueKind: System.Text.Json.JsonValueKind.Array } cancel && cancel.GetArrayLength() > MaxCancel)
        {
            return $"at most {MaxCancel} cancellation triggers are allowed";
        }

        return Engine.FlowControl.FlowControlParser.TryParse(f, out _, out var flowError) ? null : flowError;
    }
}
