using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Steadfast.Sdk.Execution;

/// <summary>What an invocation needs from its host: JSON options, logging, time, an event sender.</summary>
internal sealed class InvocationEnvironment
{
    public JsonSerializerOptions Json { get; init; } = SteadfastJson.Default;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public IEventSender? Events { get; init; }
}
