using Microsoft.Extensions.DependencyInjection;

namespace Steadfast.Sdk;

/// <summary>Adds functions to an app registered with <see cref="SteadfastServiceCollectionExtensions.AddSteadfast"/>.</summary>
public sealed class SteadfastBuilder
{
    internal SteadfastBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds a lambda function whose event data is <typeparamref name="TData"/>.</summary>
    public SteadfastBuilder AddFunction<TData>(FunctionOptions options, Func<FunctionContext<TData>, Task<object?>> handler)
    {
        var function = RegisteredFunction.Create(options, handler);
        Services.AddSingleton(function);
        return this;
    }

    /// <summary>Adds a lambda function that returns nothing.</summary>
    public SteadfastBuilder AddFunction<TData>(FunctionOptions options, Func<FunctionContext<TData>, Task> handler)
    {
        var function = RegisteredFunction.Create(options, handler);
        Services.AddSingleton(function);
        return this;
    }

    /// <summary>
    /// Adds a lambda function and its failure handler (the JS SDK's <c>onFailure</c>): <paramref name="onFailure"/>
    /// runs once, as the function <c>{id}-failure</c>, each time a run of this function fails for good, with the
    /// error and the run's triggering event in <see cref="FunctionFailure"/>.
    /// </summary>
    public SteadfastBuilder AddFunction<TData>(FunctionOptions options, Func<FunctionContext<TData>, Task<object?>> handler, Func<FunctionContext<FunctionFailure>, Task> onFailure)
    {
        AddFunction(options, handler);
        Services.AddSingleton(RegisteredFunction.CreateFailureHandler(options, onFailure));
        return this;
    }

    /// <summary>Adds a class-based function, resolved from DI with a scope per invocation.</summary>
    public SteadfastBuilder AddFunction<TFunction, TData>()
        where TFunction : SteadfastFunction<TData>
    {
        Services.AddScoped<TFunction>();
        Services.AddSingleton(RegisteredFunction.FromClass<TFunction, TData>());
        return this;
    }

    /// <summary>Adds a ready-made function.</summary>
    public SteadfastBuilder AddFunction(RegisteredFunction function)
    {
        Services.AddSingleton(function);
        return this;
    }
}
