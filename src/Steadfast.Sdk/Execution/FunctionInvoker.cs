using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Ids;

namespace Steadfast.Sdk.Execution;

/// <summary>
/// Runs one call of a function through the Inngest opcode model (reference §4.5): replay memoized steps, stop at
/// the first new step(s), run a single new step immediately when allowed, and report ops. Shared by the in-process
/// driver, the ASP.NET Core serve endpoint and the testing harness.
/// </summary>
internal static class FunctionInvoker
{
    public static async Task<CallResponse> InvokeAsync(
        RegisteredFunction function,
        string stepId,
        CallRequest request,
        IServiceProvider services,
        InvocationEnvironment environment,
        CancellationToken cancellationToken)
    {
        var context = new ReplaySynchronizationContext();
        var state = new InvocationState(request, environment.Json, context.Wake) { Events = environment.Events, Time = environment.Time };
        var maxAttempts = Math.Max(1, request.Ctx.MaxAttempts);
        var lastAttempt = request.Ctx.Attempt >= maxAttempts - 1;

        Task<object?> handler;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            var logger = new ReplayAwareLogger(environment.LoggerFactory.CreateLogger("Steadfast.Function." + function.Id), state);
            try
            {
                handler = function.Invoke(state, logger, services, cancellationToken);
            }
            catch (Exception ex)
            {
                handler = Task.FromException<object?>(ex);
            }

            // A handler that finishes on another thread (user code awaiting with ConfigureAwait(false)) posts nothing
            // to the context; wake the pump so it sees the completion instead of waiting forever.
            _ = handler.ContinueWith(static (_, c) => ((ReplaySynchronizationContext)c!).Wake(), context, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            // Pump continuations until the handler completes or stalls on steps that have no result yet.
            while (true)
            {
                context.RunPending();
                if (handler.IsCompleted || state.Found.Count > 0)
                {
                    // Let continuations already queued (parallel steps started in the same tick) register too.
                    while (context.RunPending())
                    {
                    }

                    if (handler.IsCompleted || state.Found.Count > 0)
                    {
                        break;
                    }
                }

                // The handler awaits something outside any step (I/O, a timer): wait for its continuation.
                SynchronizationContext.SetSynchronizationContext(previous);
                var more = await context.WaitAsync(cancellationToken).ConfigureAwait(false);
                SynchronizationContext.SetSynchronizationContext(context);
                if (!more)
                {
                    break;
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        var found = state.SnapshotFound();
        if (stepId == StepIds.Discovery && (found.Length == 0 || handler.IsCompleted))
        {
            return Complete(handler, environment.Json, lastAttempt);
        }

        if (stepId != StepIds.Discovery)
        {
            var target = Array.Find(found, f => f.HashedId == stepId);
            if (target?.Body is null)
            {
                var error = SerializedError.Create("StepNotFound", $"Could not find step \"{stepId}\" to run; found {found.Length} step(s): {string.Join(", ", found.Select(f => f.UserId))}.");
                return CallResponse.Failed(error, noRetry: false);
            }

            return await RunStepAsync(target, request, lastAttempt, environment).ConfigureAwait(false);
        }

        if (found.Length == 1 && found[0].Body is not null && !request.Ctx.DisableImmediateExecution)
        {
            return await RunStepAsync(found[0], request, lastAttempt, environment).ConfigureAwait(false);
        }

        return CallResponse.WithOps([.. found.Select(f => f.ToPlannedOp())]);
    }

    private static CallResponse Complete(Task<object?> handler, JsonSerializerOptions json, bool lastAttempt)
    {
        if (handler.IsCompletedSuccessfully)
        {
            return CallResponse.Completed(JsonSerializer.SerializeToElement(handler.Result, json));
        }

        var ex = handler.Exception?.InnerException ?? new OperationCanceledException("The function was cancelled.");
        return ex switch
        {
            StepFailedException failed => CallResponse.Failed(failed.Error, noRetry: true),
            NonRetriableException => CallResponse.Failed(ErrorSerializer.Serialize(ex), noRetry: true),
            RetryAfterException retry => CallResponse.Failed(ErrorSerializer.Serialize(ex), noRetry: lastAttempt, retry.ToHeaderValue()),
            _ => CallResponse.Failed(ErrorSerializer.Serialize(ex), noRetry: lastAttempt),
        };
    }

    private static async Task<CallResponse> RunStepAsync(FoundStep step, CallRequest request, bool lastAttempt, InvocationEnvironment environment)
    {
        var started = environment.Time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var op = new Opcode
        {
            Id = step.HashedId,
            Name = step.Name ?? step.UserId,
            DisplayName = step.UserId,
            Opts = step.Opts,
            Userland = new Userland { Id = step.UserId, Index = step.Index },
        };
        try
        {
            var data = await step.Body!().ConfigureAwait(false);
            op.Op = OpcodeNames.StepRun;
            op.Data = data;
            op.Timing = Timing(started, watch);
            return CallResponse.WithOps([op]);
        }
        catch (Exception ex)
        {
            op.Error = ErrorSerializer.Serialize(ex);
            op.Timing = Timing(started, watch);
            var final = lastAttempt || ex is NonRetriableException || ex is StepFailedException;
            op.Op = final ? OpcodeNames.StepFailed : OpcodeNames.StepError;
            return CallResponse.WithOps([op], noRetry: final, retryAfter: (ex as RetryAfterException)?.ToHeaderValue());
        }
    }

    private static OpTiming Timing(DateTimeOffset started, Stopwatch watch) => new()
    {
        Start = started.ToUnixTimeMilliseconds() * 1_000_000,
        Duration = (long)(watch.Elapsed.TotalMilliseconds * 1_000_000),
    };
}
