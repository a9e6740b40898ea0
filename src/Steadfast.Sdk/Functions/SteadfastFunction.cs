namespace Steadfast.Sdk;

/// <summary>
/// Base class for class-based functions, resolved from DI with a scope per invocation. Configure it with
/// <see cref="SteadfastFunctionAttribute"/>.
/// </summary>
/// <typeparam name="TData">The type of the triggering event's <c>data</c>.</typeparam>
public abstract class SteadfastFunction<TData>
{
    /// <summary>The function body. Use <c>context.Step</c> for durable steps.</summary>
    public abstract Task<object?> RunAsync(FunctionContext<TData> context);
}
