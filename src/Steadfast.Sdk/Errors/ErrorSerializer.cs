using System.Text.Json;
using Steadfast.Protocol.Calls;

namespace Steadfast.Sdk;

/// <summary>Turns .NET exceptions into the SDKs' serialized error shape (reference §4.6).</summary>
internal static class ErrorSerializer
{
    public static SerializedError Serialize(Exception exception, int depth = 0)
    {
        if (exception is StepFailedException failed)
        {
            return failed.Error;
        }

        var error = SerializedError.Create(NameOf(exception), exception.Message, exception.StackTrace);
        if (exception.InnerException is { } inner && depth < 5)
        {
            error.Cause = JsonSerializer.SerializeToElement(Serialize(inner, depth + 1), Protocol.Json.ProtocolJsonContext.Default.SerializedError);
        }

        return error;
    }

    private static string NameOf(Exception exception) => exception switch
    {
        NonRetriableException => "NonRetriableError",
        RetryAfterException => "RetryAfterError",
        _ => exception.GetType().Name,
    };
}
