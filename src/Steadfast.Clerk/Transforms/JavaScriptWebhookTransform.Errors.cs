using Jint.Runtime;

namespace Steadfast.Clerk.Transforms;

/// <content>Mapping of interpreter failures to <see cref="WebhookTransformError"/>.</content>
public sealed partial class JavaScriptWebhookTransform
{
    private static T Guard<T>(Func<T> action, CancellationToken callerToken)
    {
        try
        {
            return action();
        }
        catch (ExecutionCanceledException) when (callerToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The webhook transform was cancelled.", callerToken);
        }
        catch (ExecutionCanceledException exception)
        {
            throw new WebhookTransformException(WebhookTransformError.Timeout, "The transform ran longer than its time limit.", exception);
        }
        catch (TimeoutException exception)
        {
            throw new WebhookTransformException(WebhookTransformError.Timeout, "The transform ran longer than its time limit.", exception);
        }
        catch (MemoryLimitExceededException exception)
        {
            throw new WebhookTransformException(WebhookTransformError.MemoryLimitExceeded, "The transform allocated more than its memory limit.", exception);
        }
        catch (RecursionDepthOverflowException exception)
        {
            throw new WebhookTransformException(WebhookTransformError.RecursionLimitExceeded, "The transform recursed deeper than its recursion limit.", exception);
        }
        catch (JavaScriptException exception)
        {
            throw new WebhookTransformException(WebhookTransformError.ScriptError, $"The transform threw: {exception.Message}", exception);
        }
        catch (StatementsCountOverflowException exception)
        {
            throw new WebhookTransformException(WebhookTransformError.Timeout, "The transform ran more statements than allowed.", exception);
        }
        catch (InsufficientExecutionStackException exception)
        {
            throw new WebhookTransformException(WebhookTransformError.RecursionLimitExceeded, "The transform nested too deeply.", exception);
        }
    }
}
