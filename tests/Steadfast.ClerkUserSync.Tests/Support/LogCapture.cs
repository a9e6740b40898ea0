using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>
/// A logger provider that keeps everything a console or structured sink could write: the formatted message, every
/// structured value, scopes and exceptions, one text line per entry.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> values
        ? string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"))
        : state?.ToString() ?? "";

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner._lines.Enqueue($"scope {category}: {Describe(state)}");
            return NoScope.Instance;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)} | {Describe(state)} | {exception}");
    }

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose()
        {
        }
    }
}
