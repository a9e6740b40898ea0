namespace Steadfast.Protocol.Calls;

/// <summary>
/// Runs one call of a function: replay memoized steps, stop at new ones, report ops. Implemented by the C# SDK
/// in-process and by the server's HTTP driver for remote SDKs; the engine only sees this interface.
/// </summary>
public interface IFunctionCallHandler
{
    /// <summary>Calls <paramref name="functionId"/> for <paramref name="stepId"/> ("step" for discovery).</summary>
    ValueTask<CallResponse> CallAsync(string functionId, string stepId, CallRequest request, CancellationToken cancellationToken = default);
}
