using Microsoft.Extensions.Logging;

namespace Steadfast.Sdk.Execution;

/// <summary>Drops log entries while memoized steps are being replayed, so each line is written once per run.</summary>
internal sealed class ReplayAwareLogger(ILogger inner, InvocationState state) : ILogger
{
    public IDisposable? BeginScope<TState>(TState scopeState)
        where TState : notnull => inner.BeginScope(scopeState);

    public bool IsEnabled(LogLevel logLevel) => !state.IsReplaying && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState logState, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!state.IsReplaying)
        {
            inner.Log(logLevel, eventId, logState, exception, formatter);
        }
    }
}
